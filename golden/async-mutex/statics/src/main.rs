use std::sync::{LazyLock, Mutex};

use once_cell::sync::Lazy;

static QUEUE: LazyLock<tokio::sync::Mutex<Vec<u32>>> = LazyLock::new(|| tokio::sync::Mutex::new(Vec::new()));
static NAMES: LazyLock<tokio::sync::Mutex<Vec<String>>> = LazyLock::new(|| tokio::sync::Mutex::new(Vec::new()));
static SEEN: Lazy<Mutex<u64>> = Lazy::new(|| Mutex::new(0));

async fn tick() {}

async fn push(v: u32) {
    let mut q = QUEUE.lock().await;
    tick().await;
    q.push(v);
}

async fn name(n: &str) {
    let mut names = NAMES.lock().await;
    tick().await;
    names.push(n.to_string());
    *SEEN.lock().unwrap() += 1;
}

#[tokio::main]
async fn main() {
    tokio::spawn(push(1)).await.unwrap();
    tokio::spawn(name("a")).await.unwrap();
    println!("{:?} {:?} {}", QUEUE.lock().await, NAMES.lock().await, SEEN.lock().unwrap());
}
