use std::sync::{Arc, Mutex};

async fn io() {}

async fn hold(m: Arc<Mutex<u32>>) {
    let mut g = m.lock().unwrap();
    io().await;
    *g += 1;
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(0));
    let m2 = m.clone();
    std::thread::spawn(move || {
        *m2.lock().unwrap() += 1;
    })
    .join()
    .unwrap();
    tokio::spawn(hold(m)).await.unwrap();
}
