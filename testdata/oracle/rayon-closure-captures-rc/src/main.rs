// ggegui#9 shape: a rayon parallel iterator's closure calls a `&self`
// method, and self holds an Rc<RefCell<String>>: rayon calls the closure
// from its threads at once (F: Fn + Send + Sync), so the Rc becomes an Arc
// and the RefCell a Mutex.
use rayon::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

struct Input {
    clipboard: Rc<RefCell<String>>,
}

struct Engine {
    feelings: Vec<i32>,
    input: Input,
}

impl Engine {
    fn decrease(&self, i: usize) -> Vec<i32> {
        vec![self.feelings[i] - 10, self.input.clipboard.borrow().len() as i32]
    }

    fn tick(&self) -> Vec<i32> {
        (0..self.feelings.len()).into_par_iter().flat_map(|i| self.decrease(i)).collect()
    }
}

fn main() {
    let e = Engine { feelings: vec![5, 20], input: Input { clipboard: Rc::new(RefCell::new("x".into())) } };
    let ticked = e.tick();
    e.input.clipboard.borrow_mut().push('y');
    println!("{:?} {}", ticked, e.input.clipboard.borrow());
}
