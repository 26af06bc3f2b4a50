// A guard borrowed (v.len()) before the match and dropped in the awaiting
// arm: rustc still counts it "maybe used later" across the await, so it is
// reported.
use std::sync::{Arc, Mutex};

async fn worker(store: Arc<Mutex<Vec<i64>>>, wait: bool) -> usize {
    let (n, finished) = {
        let mut v = store.lock().unwrap();
        let n = v.len();
        (n, match wait {
            false => Some({
                v.push(1);
            }),
            true => {
                None
            }
        })
    };
    if let Some(value) = finished {
        value
    } else {
        tokio::task::yield_now().await;
    }
    n
}

#[tokio::main]
async fn main() {
    let store = Arc::new(Mutex::new(Vec::new()));
    println!("{}", tokio::spawn(worker(store, true)).await.unwrap());
}
