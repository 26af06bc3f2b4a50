// An Rc<RefCell<Vec<Box<dyn Obs>>>> subject held across an await in a
// spawned task; observers come from an argument-position impl FnMut boxed
// into the dyn Obs through a struct (FnObs(f)): the dyn Obs gets + Send,
// and so does the impl FnMut its struct holds (rc-to-arc converts the Rc).
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex as StdMutex};

trait Obs {
    fn next(&mut self, v: u32);
}
struct FnObs<F>(F);
impl<F: FnMut(u32)> Obs for FnObs<F> {
    fn next(&mut self, v: u32) {
        (self.0)(v)
    }
}

#[derive(Clone)]
struct Subject {
    inner: Rc<RefCell<Vec<Box<dyn Obs + Send>>>>,
}

impl Subject {
    fn new() -> Self {
        Subject { inner: Rc::new(RefCell::new(Vec::new())) }
    }
    fn subscribe(&self, f: impl FnMut(u32) + Send + 'static) {
        self.inner.borrow_mut().push(Box::new(FnObs(f)));
    }
    fn next(&self, v: u32) {
        for o in self.inner.borrow_mut().iter_mut() {
            o.next(v);
        }
    }
}

#[tokio::main]
async fn main() {
    let seen = Arc::new(StdMutex::new(Vec::new()));
    let seen2 = seen.clone();
    tokio::spawn(async move {
        let s = Subject::new();
        s.subscribe(move |v| seen2.lock().unwrap().push(v));
        for i in 0..3 {
            tokio::task::yield_now().await;
            s.next(i);
        }
    })
    .await
    .unwrap();
    println!("{:?}", seen.lock().unwrap());
}
