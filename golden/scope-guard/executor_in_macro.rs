// Tests: a future given to a local executor written inside a macro's
// arguments (`println!("{}", rt.block_on(f()))`) need not be Send: the
// guard and the RefCell borrow it holds across its await are fine. The
// same future given to tokio::spawn there must be Send.
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

async fn push(cfg: Rc<RefCell<Vec<u32>>>) -> usize {
    let mut c = cfg.borrow_mut();
    tokio::task::yield_now().await;
    c.push(2);
    c.len()
}

async fn count(m: Arc<Mutex<u32>>) -> u32 {
    let mut g = m.lock().unwrap();
    tokio::task::yield_now().await;
    *g += 1;
    *g
}

async fn spawned(m: Arc<Mutex<u32>>) -> u32 {
    let v = {
        let g = m.lock().unwrap();
        *g
    };
    tokio::task::yield_now().await;
    v
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    println!("{}", rt.block_on(push(Rc::new(RefCell::new(vec![1])))));
    let m = Arc::new(Mutex::new(0));
    println!("{}", futures::executor::block_on(count(m.clone())));
    println!("{:?}", rt.block_on(async { tokio::spawn(spawned(m)).await.unwrap() }));
}
