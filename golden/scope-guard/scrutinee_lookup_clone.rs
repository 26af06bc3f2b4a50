// Tests: a `match` or `if let` whose scrutinee looks an element up through
// a temporary guard, with an arm that awaits: the element is cloned
// before the statement, which matches on the same Option<&V>, when the
// lock's collection is written here with an element whose clone is a copy.
// Refused: an element type sendfix does not know to clone as a copy.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

struct Session {
    id: u32,
}

async fn fetch(key: &str) -> String {
    tokio::task::yield_now().await;
    format!("value-of-{key}")
}

async fn lookup(cache: Arc<Mutex<HashMap<String, String>>>, key: String) -> String {
    let cached = cache.lock().unwrap().get(&key).cloned();
    match cached.as_ref() {
        Some(v) => format!("hit:{v}"),
        None => format!("miss:{}", fetch(&key).await),
    }
}

async fn newest(log: &Mutex<Vec<u64>>) -> u64 {
    let cached = log.lock().unwrap().last().cloned();
    if let Some(n) = cached.as_ref() {
        tokio::task::yield_now().await;
        *n
    } else {
        0
    }
}

async fn session(sessions: Arc<Mutex<Vec<Session>>>) -> u32 {
    match sessions.lock().unwrap().first() {
        Some(s) => s.id,
        None => fetch("s").await.len() as u32,
    }
}

#[tokio::main]
async fn main() {
    let cache = Arc::new(Mutex::new(HashMap::new()));
    println!("{}", tokio::spawn(lookup(cache, "k".into())).await.unwrap());
    let log = Arc::new(Mutex::new(vec![3]));
    println!("{}", tokio::spawn(async move { newest(&log).await }).await.unwrap());
    println!("{}", tokio::spawn(session(Arc::new(Mutex::new(Vec::new())))).await.unwrap());
}
