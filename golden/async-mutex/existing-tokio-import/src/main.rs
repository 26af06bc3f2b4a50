use std::sync::Arc;
use tokio::sync::Mutex as AsyncMutex;

async fn io() {}

struct State {
    seen: AsyncMutex<Vec<u32>>,
    queue: AsyncMutex<Vec<u32>>,
}

async fn note(s: Arc<State>, v: u32) {
    let mut seen = s.seen.lock().await;
    io().await;
    seen.push(v);
    s.queue.lock().await.push(v);
}

#[tokio::main]
async fn main() {
    let s = Arc::new(State { seen: AsyncMutex::new(Vec::new()), queue: AsyncMutex::new(Vec::new()) });
    tokio::spawn(note(s.clone(), 1)).await.unwrap();
}
