// Tests: a guard created in a `match` scrutinee lives until the end of the
// whole match (in every edition), so an .await in any arm holds it. When
// the scrutinee yields an owned value (`.get(..).cloned()`, `.len()`), that
// value is computed by a `let` before the match. When an arm borrows from
// the guard (`Some(v)` of a `.get(..)`), scoping cannot help: manual.
// A match whose scrutinee binds the guard itself (`match m.lock()`) is
// reported, not rewritten.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Cache = Arc<Mutex<HashMap<String, String>>>;

async fn load_from_db(key: &str) -> String {
    tokio::time::sleep(Duration::from_millis(1)).await;
    format!("value-of-{key}")
}

async fn read_through(cache: Cache, key: String) -> String {
    let cache_snapshot = cache.lock().unwrap().get(&key).cloned();
    match cache_snapshot {
        Some(hit) => hit,
        None => load_from_db(&key).await,
    }
}

async fn warm_if_small(cache: Cache) {
    let cache_len = cache.lock().unwrap().len();
    match cache_len {
        0 => {
            let v = load_from_db("seed").await;
            println!("seeded {v}");
        }
        n => println!("{n} entries"),
    }
}

async fn forward(cache: Cache, key: String, tx: tokio::sync::mpsc::Sender<String>) {
    match cache.lock().unwrap().get(&key) {
        Some(v) => tx.send(v.clone()).await.unwrap(),
        None => {}
    }
}

async fn evict(cache: Cache, key: String) {
    match cache.lock() {
        Ok(mut map) => {
            map.remove(&key);
            load_from_db(&key).await;
        }
        Err(_) => eprintln!("poisoned"),
    }
}

#[tokio::main]
async fn main() {
    let cache: Cache = Arc::new(Mutex::new(HashMap::new()));
    let (tx, _rx) = tokio::sync::mpsc::channel(1);
    println!("{}", tokio::spawn(read_through(cache.clone(), "k".into())).await.unwrap());
    tokio::spawn(warm_if_small(cache.clone())).await.unwrap();
    tokio::spawn(forward(cache.clone(), "k".into(), tx)).await.unwrap();
    tokio::spawn(evict(cache.clone(), "k".into())).await.unwrap();
}
