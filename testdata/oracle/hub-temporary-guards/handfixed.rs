use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Mutex as AsyncMutex;

async fn send(_to: &str) {}

async fn fetch(k: u32) -> String {
    format!("v{k}")
}

struct Hub {
    subscribers: AsyncMutex<Vec<String>>,
    cache: AsyncMutex<HashMap<u32, String>>,
    log: Mutex<Vec<String>>,
}

async fn broadcast(hub: Arc<Hub>) {
    for s in hub.subscribers.lock().await.iter() {
        send(s).await;
    }
}

async fn fill(hub: Arc<Hub>, k: u32) {
    let v = fetch(k).await;
    hub.cache.lock().await.insert(k, v);
}

async fn lookup(hub: Arc<Hub>, k: u32) -> String {
    let cache = hub.cache.lock().await;
    match cache.get(&k) {
        Some(v) => {
            send("audit").await;
            v.clone()
        }
        None => String::new(),
    }
}

async fn replay(hub: Arc<Hub>) {
    let lines = hub.log.lock().unwrap().clone();
    for line in lines {
        send(&line).await;
    }
}

#[tokio::main]
async fn main() {
    let hub = Arc::new(Hub {
        subscribers: AsyncMutex::new(vec!["a".into()]),
        cache: AsyncMutex::new(HashMap::new()),
        log: Mutex::new(Vec::new()),
    });
    tokio::spawn(broadcast(hub.clone())).await.unwrap();
    tokio::spawn(fill(hub.clone(), 1)).await.unwrap();
    println!("{}", tokio::spawn(lookup(hub.clone(), 1)).await.unwrap());
    tokio::spawn(replay(hub.clone())).await.unwrap();
}
