use std::sync::{Arc, Mutex};

async fn fetch(k: u32) -> u32 {
    tokio::task::yield_now().await;
    k
}

// Holds the guard across its awaits, and main spawns it: its future must
// be Send, so the mutex becomes tokio's.
pub async fn warm_up(cache: &Arc<Mutex<Vec<u32>>>) -> usize {
    let mut guard = cache.lock().unwrap();
    for k in 0..3 {
        let v = fetch(k).await;
        guard.push(v);
    }
    guard.len()
}
