// A guard taken with the poison-recovery idiom is still a guard: scoped
// before the await like any other.
use std::sync::{Arc, Mutex};

async fn flush(buf: Arc<Mutex<Vec<u8>>>) -> usize {
    let mut data = match buf.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let len = data.len();
    data.clear();
    tokio::task::yield_now().await;
    len
}

#[tokio::main]
async fn main() {
    let b = Arc::new(Mutex::new(b"hello".to_vec()));
    println!("{}", tokio::spawn(flush(b)).await.unwrap());
}
