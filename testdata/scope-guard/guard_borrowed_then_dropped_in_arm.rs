// A guard borrowed (v.len()) before the match and dropped in the awaiting
// arm: rustc still counts it "maybe used later" across the await, so it is
// reported.
use std::sync::{Arc, Mutex};

async fn worker(store: Arc<Mutex<Vec<i64>>>, wait: bool) -> usize {
    let mut v = store.lock().unwrap();
    let n = v.len();
    match wait {
        false => {
            v.push(1);
        }
        true => {
            drop(v);
            tokio::task::yield_now().await;
        }
    }
    n
}

#[tokio::main]
async fn main() {
    let store = Arc::new(Mutex::new(Vec::new()));
    println!("{}", tokio::spawn(worker(store, true)).await.unwrap());
}
