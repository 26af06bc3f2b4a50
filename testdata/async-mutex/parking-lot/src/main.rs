use parking_lot::Mutex;
use std::sync::Arc;

async fn flush(_v: &[u8]) {}

async fn write(buf: Arc<Mutex<Vec<u8>>>, b: u8) -> usize {
    let mut g = buf.lock();
    g.push(b);
    flush(&g).await;
    g.clear();
    g.len()
}

#[tokio::main]
async fn main() {
    let buf = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(write(buf.clone(), 1)).await.unwrap();
    println!("{}", buf.lock().len());
}
