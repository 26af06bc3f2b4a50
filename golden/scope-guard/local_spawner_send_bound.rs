// A project's own spawn helper whose parameter is bound by Send: the future
// given to it must be Send, like one given to tokio::spawn.
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

fn spawn_named<F>(_name: &str, fut: F) -> JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(fut)
}

async fn background(s: Arc<Mutex<Vec<u32>>>) -> usize {
    let n = {
        let mut g = s.lock().unwrap();
        g.push(1);
        g.len()
    };
    tokio::task::yield_now().await;
    n
}

#[tokio::main]
async fn main() {
    let s = Arc::new(Mutex::new(Vec::new()));
    let n = spawn_named("bg", background(s.clone())).await.unwrap();
    println!("{n}");
}
