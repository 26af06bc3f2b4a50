use std::sync::{Arc, Mutex};
use std::sync::atomic::{AtomicU64, Ordering};
use std::collections::HashMap;
use std::time::Duration;

type Cache = Arc<Mutex<HashMap<String, u32>>>;

struct Stats {
    lookups: AtomicU64,
    misses: AtomicU64,
}

async fn fetch(key: &str) -> u32 {
    tokio::time::sleep(Duration::from_millis(2)).await;
    key.len() as u32 * 10
}

async fn lookup(cache: Cache, stats: Arc<Stats>, key: String) -> u32 {
    stats.lookups.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| Some(v + 1)).unwrap();
    let cached = cache.lock().unwrap().get(&key).copied();
    if let Some(v) = cached {
        return v;
    }
    {
        let mut entries = cache.lock().unwrap();
        entries.insert(format!("pending:{key}"), 0);
    }
    stats.misses.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| Some(v + 1)).unwrap();
    let value = fetch(&key).await;
    cache.lock().unwrap().insert(key, value);
    value
}

#[tokio::main]
async fn main() {
    let cache: Cache = Arc::new(Mutex::new(HashMap::new()));
    let stats = Arc::new(Stats { lookups: AtomicU64::new(0), misses: AtomicU64::new(0) });
    let mut total = 0;
    for key in ["alpha", "beta", "alpha", "gamma", "beta"] {
        let task = tokio::spawn(lookup(cache.clone(), Arc::clone(&stats), key.to_string()));
        total += task.await.unwrap();
    }
    let mut keys: Vec<_> = cache.lock().unwrap().keys().cloned().collect();
    keys.sort();
    println!("total {total}");
    println!("keys {keys:?}");
    println!("lookups {} misses {}", stats.lookups.load(Ordering::SeqCst), stats.misses.load(Ordering::SeqCst));
}
