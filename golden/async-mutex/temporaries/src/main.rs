use std::collections::HashMap;
use std::sync::{Arc, Mutex};

async fn send(_to: &str) {}

async fn fetch(k: u32) -> String {
    format!("v{k}")
}

struct Hub {
    subscribers: tokio::sync::Mutex<Vec<String>>,
    cache: tokio::sync::Mutex<HashMap<u32, String>>,
    log: Mutex<Vec<String>>,
}

// The iterator borrows the guard through the whole loop.
async fn broadcast(hub: Arc<Hub>) {
    for s in hub.subscribers.lock().await.iter() {
        send(s).await;
    }
}

// The guard is the receiver of insert, which runs after the await.
async fn fill(hub: Arc<Hub>, k: u32) {
    hub.cache.lock().await.insert(k, fetch(k).await);
}

// The arm's binding borrows from the scrutinee's guard.
async fn lookup(hub: Arc<Hub>, k: u32) -> String {
    match hub.cache.lock().await.get(&k) {
        Some(v) => {
            send("audit").await;
            v.clone()
        }
        None => String::new(),
    }
}

// An owned iterator: scope-guard hoists it, async-mutex leaves it alone.
async fn replay(hub: Arc<Hub>) {
    for line in hub.log.lock().unwrap().clone() {
        send(&line).await;
    }
}

#[tokio::main]
async fn main() {
    let hub = Arc::new(Hub {
        subscribers: tokio::sync::Mutex::new(vec!["a".into()]),
        cache: tokio::sync::Mutex::new(HashMap::new()),
        log: Mutex::new(Vec::new()),
    });
    tokio::spawn(broadcast(hub.clone())).await.unwrap();
    tokio::spawn(fill(hub.clone(), 1)).await.unwrap();
    println!("{}", tokio::spawn(lookup(hub.clone(), 1)).await.unwrap());
    tokio::spawn(replay(hub.clone())).await.unwrap();
}
