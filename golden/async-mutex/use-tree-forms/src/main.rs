use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};
use tokio::sync::Mutex;

mod other;

async fn io() {}

async fn put(m: Arc<Mutex<HashMap<u32, u32>>>, rw: Arc<RwLock<u32>>) {
    let mut g = m.lock().await;
    io().await;
    g.insert(1, *rw.read().unwrap());
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(HashMap::new()));
    let rw = Arc::new(RwLock::new(7));
    tokio::spawn(put(m.clone(), rw)).await.unwrap();
    other::show(&m).await;
}
