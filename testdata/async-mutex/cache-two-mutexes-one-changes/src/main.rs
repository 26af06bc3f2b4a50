use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A single-flight cache: `entries` stays locked while a missing value is
/// fetched, so a key is never fetched twice; `hits` is a plain counter.
struct Cache {
    entries: Mutex<HashMap<u32, String>>,
    hits: Mutex<u64>,
}

async fn fetch(key: u32) -> String {
    tokio::time::sleep(Duration::from_millis(1)).await;
    format!("value-{key}")
}

impl Cache {
    fn new() -> Self {
        Cache {
            entries: Mutex::new(HashMap::new()),
            hits: Mutex::new(0),
        }
    }

    async fn get(&self, key: u32) -> String {
        let mut entries = self.entries.lock().unwrap();
        if let Some(v) = entries.get(&key) {
            *self.hits.lock().unwrap() += 1;
            return v.clone();
        }
        let v = fetch(key).await;
        entries.insert(key, v.clone());
        v
    }

    fn hits(&self) -> u64 {
        *self.hits.lock().unwrap()
    }

    async fn len(&self) -> usize {
        self.entries.lock().unwrap().len()
    }
}

#[tokio::main]
async fn main() {
    let cache = Arc::new(Cache::new());
    for key in [1, 2, 1, 3, 2, 1] {
        let c = cache.clone();
        let v = tokio::spawn(async move { c.get(key).await }).await.unwrap();
        println!("{key} -> {v}");
    }
    let hits = cache.hits();
    println!("{} entries, {hits} hits", cache.len().await);
}
