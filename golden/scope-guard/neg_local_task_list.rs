// A hand-written single-thread executor: the futures are boxed into
// `Pin<Box<dyn Future<Output = ()>>>` (no Send), pushed on a task list of
// that written type, or returned as one. They need not be Send, so their
// guards are left alone (rwS: syn_custom_executor).
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

async fn tick() {}

fn run(mut tasks: Vec<Pin<Box<dyn Future<Output = ()>>>>) {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    while !tasks.is_empty() {
        tasks.retain_mut(|t| t.as_mut().poll(&mut cx) == Poll::Pending);
    }
}

async fn append(log: Rc<RefCell<Vec<u32>>>) {
    let mut l = log.borrow_mut();
    l.push(1);
    drop(l);
    tick().await;
    log.borrow_mut().push(2);
}

fn boxed_append(log: Rc<RefCell<Vec<u32>>>) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(async move {
        let l = log.borrow();
        let n = l.len();
        tick().await;
        drop(l);
        log.borrow_mut().push(n as u32);
    })
}

async fn critical(m: Arc<Mutex<u32>>) {
    let mut g = m.lock().unwrap();
    *g += 1;
    tick().await;
    *g += 1;
}

fn main() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let m = Arc::new(Mutex::new(0));
    let mut tasks: Vec<Pin<Box<dyn Future<Output = ()>>>> = Vec::new();
    tasks.push(Box::pin(append(log.clone())));
    tasks.push(Box::pin(critical(m.clone())));
    let one: Pin<Box<dyn Future<Output = ()>>> = Box::pin(critical(m.clone()));
    tasks.push(one);
    tasks.push(boxed_append(log.clone()));
    run(tasks);
    println!("{:?} {}", log.borrow(), m.lock().unwrap());
}
