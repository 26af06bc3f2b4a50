// Negative: two types with a method named run; the Rc one is run only by
// spawn_local, the Arc one by tokio::spawn. The receivers' written types
// tell the calls apart.
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

struct Widget {
    label: RefCell<String>,
}

impl Widget {
    async fn run(self: Rc<Self>, n: u32) -> usize {
        let mut l = self.label.borrow_mut();
        l.push_str(&n.to_string());
        tokio::task::yield_now().await;
        l.len()
    }
}

struct Fetcher {
    log: Arc<Mutex<Vec<u32>>>,
}

impl Fetcher {
    async fn run(self: Arc<Self>, n: u32) -> usize {
        tokio::task::yield_now().await;
        self.log.lock().unwrap().push(n);
        n as usize
    }
}

#[tokio::main]
async fn main() {
    let local = tokio::task::LocalSet::new();
    let a = local
        .run_until(async {
            let w = Rc::new(Widget { label: RefCell::new(String::new()) });
            tokio::task::spawn_local(w.clone().run(1)).await.unwrap()
        })
        .await;
    let f = Arc::new(Fetcher { log: Arc::new(Mutex::new(Vec::new())) });
    let b = tokio::spawn(f.clone().run(2)).await.unwrap();
    println!("{a} {b}");
}
