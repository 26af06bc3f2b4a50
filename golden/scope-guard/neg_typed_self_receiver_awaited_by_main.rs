// Negative: typed receivers (self: Rc<Self>, self: Arc<Self>) whose futures
// are run by spawn_local or awaited by #[tokio::main] only.
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

struct Widget {
    label: RefCell<String>,
}

impl Widget {
    async fn run(self: Rc<Self>) -> usize {
        let l = self.label.borrow();
        let n = l.len();
        tokio::task::yield_now().await;
        n
    }
}

struct Fetcher {
    log: Mutex<u32>,
}

impl Fetcher {
    async fn go(self: Arc<Self>) -> u32 {
        let g = self.log.lock().unwrap();
        let v = *g;
        tokio::task::yield_now().await;
        v
    }
}

#[tokio::main]
async fn main() {
    let w = Rc::new(Widget { label: RefCell::new(String::new()) });
    let n = w.run().await;
    let f = Arc::new(Fetcher { log: Mutex::new(7) });
    let m = f.go().await;
    println!("{n} {m}");
}
