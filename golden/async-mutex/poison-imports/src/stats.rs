use std::sync::{Arc, Mutex, PoisonError};

pub async fn record(state: Arc<tokio::sync::Mutex<Vec<usize>>>) {
    let mut v = state.lock().await;
    tokio::task::yield_now().await;
    v.push(9);
}

// A std lock of its own, never held across an await: PoisonError stays.
pub fn total(m: &Mutex<u32>) -> u32 {
    *m.lock().unwrap_or_else(PoisonError::into_inner)
}
