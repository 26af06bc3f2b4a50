use std::sync::{Arc, Mutex};

async fn upload(bytes: usize) -> bool {
    tokio::task::yield_now().await;
    bytes > 0
}

async fn flush(buf: Arc<Mutex<Vec<u8>>>) -> String {
    let len = {
        let mut data = match buf.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let len = data.len();
        data.clear();
        len
    };
    let ok = upload(len).await;
    format!("flushed {len} bytes ok={ok}")
}

#[tokio::main]
async fn main() {
    let buf = Arc::new(Mutex::new(b"hello".to_vec()));
    println!("{}", tokio::spawn(flush(buf.clone())).await.unwrap());
    println!("{}", tokio::spawn(flush(buf.clone())).await.unwrap());
}
