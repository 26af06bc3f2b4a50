use std::sync::{Arc, Mutex};

async fn io() {}

async fn hold(m: Arc<Mutex<u32>>) {
    if let Ok(mut g) = m.lock() {
        io().await;
        *g += 1;
    }
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(0));
    tokio::spawn(hold(m)).await.unwrap();
}
