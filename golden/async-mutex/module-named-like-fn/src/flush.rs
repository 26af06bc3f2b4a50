use std::sync::Arc;
use tokio::sync::Mutex;

pub async fn flush(log: Arc<Mutex<Vec<u32>>>) -> usize {
    let mut g = log.lock().await;
    tokio::task::yield_now().await;
    g.push(1);
    g.len()
}
