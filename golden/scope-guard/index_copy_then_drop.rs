// An element read by value from the guard is a copy: the block ends before
// the await, with the explicit drop.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

async fn record(n: u32) -> u32 { tokio::task::yield_now().await; n }

async fn hit(m: Arc<Mutex<HashMap<u32, u32>>>) -> u32 {
    let n = {
        let mut g = m.lock().unwrap();
        *g.entry(1).or_insert(0) += 1;
        let n = g[&1];
        n
    };
    record(n).await
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(HashMap::new()));
    println!("{}", tokio::spawn(hit(m.clone())).await.unwrap());
}
