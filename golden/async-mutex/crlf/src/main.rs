use std::sync::Arc;
use tokio::sync::Mutex;

async fn io() {}

async fn hold(m: Arc<Mutex<u32>>) {
    let mut g = m.lock().await;
    io().await;
    *g += 1;
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(0));
    tokio::spawn(hold(m)).await.unwrap();
}
