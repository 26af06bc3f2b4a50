use std::sync::Arc;
use std::sync::PoisonError;

pub async fn work(state: Arc<std::sync::Mutex<Vec<usize>>>) {
    let mut v = state.lock().unwrap_or_else(PoisonError::into_inner);
    tokio::task::yield_now().await;
    v.push(0);
}
