use std::sync::{LazyLock, Mutex};

use once_cell::sync::Lazy;

static QUEUE: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static NAMES: LazyLock<Mutex<Vec<String>>> = LazyLock::new(|| Mutex::new(Vec::new()));
static SEEN: Lazy<Mutex<u64>> = Lazy::new(|| Mutex::new(0));

async fn tick() {}

async fn push(v: u32) {
    let mut q = QUEUE.lock().unwrap();
    tick().await;
    q.push(v);
}

async fn name(n: &str) {
    let mut names = NAMES.lock().unwrap();
    tick().await;
    names.push(n.to_string());
    *SEEN.lock().unwrap() += 1;
}

#[tokio::main]
async fn main() {
    tokio::spawn(push(1)).await.unwrap();
    tokio::spawn(name("a")).await.unwrap();
    println!("{:?} {:?} {}", QUEUE.lock().unwrap(), NAMES.lock().unwrap(), SEEN.lock().unwrap());
}
