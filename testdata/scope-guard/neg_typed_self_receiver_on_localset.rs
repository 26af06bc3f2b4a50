// Negative: a method with a typed receiver (self: Rc<Self>) holding a
// RefCell borrow across an await, run only by spawn_local on a LocalSet.
use std::cell::RefCell;
use std::rc::Rc;

struct Widget {
    label: RefCell<String>,
}

impl Widget {
    // `self: Rc<Self>` receiver; this future is only run by spawn_local on a LocalSet
    async fn run(self: Rc<Self>) -> usize {
        let mut l = self.label.borrow_mut();
        l.push('x');
        tokio::task::yield_now().await;
        l.len()
    }
}

#[tokio::main]
async fn main() {
    let local = tokio::task::LocalSet::new();
    let n = local
        .run_until(async {
            let w = Rc::new(Widget { label: RefCell::new(String::new()) });
            tokio::task::spawn_local(w.run()).await.unwrap()
        })
        .await;
    println!("{n}");
}
