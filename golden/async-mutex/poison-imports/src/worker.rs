use std::sync::Arc;

pub async fn work(state: Arc<tokio::sync::Mutex<Vec<usize>>>) {
    let mut v = state.lock().await;
    tokio::task::yield_now().await;
    v.push(0);
}
