// Poisoning names that only the switched lock sites used are no longer
// imported; one still needed by a std lock stays.
use std::{
    sync::Arc,
    time::Duration,
};
use tokio::sync::Mutex;

mod other;
mod stats;
mod worker;

async fn step(n: usize) -> usize {
    tokio::time::sleep(Duration::from_millis(1)).await;
    n + 1
}

async fn bump(state: Arc<Mutex<Vec<usize>>>) {
    let mut v = state.lock().await;
    let n = step(v.len()).await;
    v.push(n);
}

#[tokio::main]
async fn main() {
    let state = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(bump(state.clone())).await.unwrap();
    tokio::spawn(worker::work(state.clone())).await.unwrap();
    tokio::spawn(stats::record(state.clone())).await.unwrap();
    println!("{}", stats::total(&std::sync::Mutex::new(4)));
    println!("{}", other::count(&std::sync::Mutex::new(3)));
}
