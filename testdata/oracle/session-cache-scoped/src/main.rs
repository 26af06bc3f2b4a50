use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::mpsc;

struct SessionCache {
    tokens: RwLock<BTreeMap<String, u32>>,
    evictions: Mutex<u32>,
}

async fn touch(cache: Arc<SessionCache>, user: &'static str, events: mpsc::Sender<String>) -> u32 {
    let visits = {
        let mut tokens = cache.tokens.write().unwrap();
        let visits = tokens.entry(user.to_string()).or_insert(0);
        *visits += 1;
        *visits
    };
    events.send(format!("{user} visit #{visits}")).await.unwrap();
    let size = cache.tokens.read().unwrap().len();
    if size > 2 {
        {
            let mut tokens = cache.tokens.write().unwrap();
            let oldest = tokens.keys().next().cloned().unwrap();
            tokens.remove(&oldest);
        }
        *cache.evictions.lock().unwrap() += 1;
        events.send(format!("evicted one of {size}")).await.unwrap();
    }
    visits
}

#[tokio::main]
async fn main() {
    let cache = Arc::new(SessionCache { tokens: RwLock::new(BTreeMap::new()), evictions: Mutex::new(0) });
    let (tx, mut rx) = mpsc::channel(32);
    for user in ["mara", "jon", "mara", "ines", "zoe"] {
        let visits = tokio::spawn(touch(cache.clone(), user, tx.clone())).await.unwrap();
        println!("{user}: {visits}");
    }
    drop(tx);
    while let Some(event) = rx.recv().await {
        println!("event: {event}");
    }
    println!("evictions: {}", cache.evictions.lock().unwrap());
}
