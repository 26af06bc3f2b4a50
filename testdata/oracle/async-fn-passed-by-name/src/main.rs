// An async fn passed by name to a generic whose Fut must be Send (a
// subsystem registry like tokio-graceful-shutdown's start): its future
// holds an Rc<RefCell> across an await, which becomes Arc<Mutex>.
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

struct Top;
impl Top {
    fn start<F, Fut>(&self, name: &str, f: F) -> tokio::task::JoinHandle<usize>
    where
        F: FnOnce(String) -> Fut,
        Fut: Future<Output = usize> + Send + 'static,
    {
        tokio::spawn(f(name.to_string()))
    }
}

async fn ticker(name: String) -> usize {
    let seen = Rc::new(RefCell::new(vec![name]));
    tokio::task::yield_now().await;
    let n = seen.borrow().len();
    n
}

#[tokio::main]
async fn main() {
    let top = Top;
    println!("{}", top.start("a", ticker).await.unwrap());
}
