use std::sync::{Arc, Mutex};
use tokio::sync::Mutex as AsyncMutex;

async fn io() {}

struct State {
    seen: Mutex<Vec<u32>>,
    queue: AsyncMutex<Vec<u32>>,
}

async fn note(s: Arc<State>, v: u32) {
    let mut seen = s.seen.lock().unwrap();
    io().await;
    seen.push(v);
    s.queue.lock().await.push(v);
}

#[tokio::main]
async fn main() {
    let s = Arc::new(State { seen: Mutex::new(Vec::new()), queue: AsyncMutex::new(Vec::new()) });
    tokio::spawn(note(s.clone(), 1)).await.unwrap();
}
