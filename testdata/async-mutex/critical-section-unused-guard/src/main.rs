// `let _g = lock.lock().unwrap();` is never used: it holds the lock over the
// await (a critical section). Scoping would serialise nothing; only this mutex
// becomes tokio's, the log's stays std.
use std::sync::{Arc, Mutex};

async fn section(lock: Arc<Mutex<()>>, log: Arc<Mutex<Vec<String>>>, name: &'static str) {
    let _g = lock.lock().unwrap();
    log.lock().unwrap().push(format!("{name} enter"));
    tokio::task::yield_now().await;
    log.lock().unwrap().push(format!("{name} exit"));
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let lock = Arc::new(Mutex::new(()));
    let log = Arc::new(Mutex::new(Vec::new()));
    let a = tokio::spawn(section(lock.clone(), log.clone(), "A"));
    let b = tokio::spawn(section(lock.clone(), log.clone(), "B"));
    a.await.unwrap();
    b.await.unwrap();
    println!("{:?}", log.lock().unwrap());
}
