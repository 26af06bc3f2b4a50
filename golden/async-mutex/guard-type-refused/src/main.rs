use std::sync::{Arc, Mutex, MutexGuard};

async fn io() {}

fn first(g: &MutexGuard<'_, Vec<u32>>) -> u32 {
    g[0]
}

async fn hold(m: Arc<Mutex<Vec<u32>>>) -> u32 {
    let g = m.lock().unwrap();
    io().await;
    first(&g)
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(vec![1]));
    println!("{}", tokio::spawn(hold(m)).await.unwrap());
}
