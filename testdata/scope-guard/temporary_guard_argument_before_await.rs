// A temporary std guard in a call's first argument while a later argument
// awaits (matrix-rust-sdk#1221): reported with the remedy, await first.
use std::sync::{Arc, Mutex};

fn apply(items: &mut Vec<u32>, meta: &mut u32) -> usize {
    *meta += 1;
    items.push(*meta);
    items.len()
}

struct Inner {
    items: Mutex<Vec<u32>>,
    meta: tokio::sync::Mutex<u32>,
}

async fn handle(inner: Arc<Inner>) -> usize {
    apply(&mut inner.items.lock().unwrap(), &mut *inner.meta.lock().await)
}

#[tokio::main]
async fn main() {
    let inner = Arc::new(Inner { items: Mutex::new(vec![]), meta: tokio::sync::Mutex::new(0) });
    println!("{}", tokio::spawn(handle(inner.clone())).await.unwrap());
    println!("{:?}", inner.items.lock().unwrap());
}
