use std::sync::{Arc, Mutex};

struct Buffer(Vec<u32>);
impl Buffer {
    async fn insert(&mut self, v: u32) {
        tokio::task::yield_now().await;
        self.0.push(v);
    }
}

async fn handler(state: Arc<Mutex<Buffer>>) {
    let mut buffer = state.lock().unwrap();
    buffer.insert(1).await; // the awaited future borrows the guard
}

#[tokio::main]
async fn main() {
    let state = Arc::new(Mutex::new(Buffer(vec![])));
    tokio::spawn(handler(state.clone())).await.unwrap();
    println!("{}", state.lock().unwrap().0.len());
}
