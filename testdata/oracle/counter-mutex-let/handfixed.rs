use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

#[derive(Default)]
struct HitCounter {
    by_path: Mutex<BTreeMap<String, u64>>,
}

async fn handle_request(counter: Arc<HitCounter>, path: String, replies: mpsc::Sender<String>) {
    {
        let mut hits = counter.by_path.lock().unwrap();
        *hits.entry(path.clone()).or_insert(0) += 1;
    }
    replies.send(format!("200 OK {path}")).await.unwrap();
}

#[tokio::main]
async fn main() {
    let counter = Arc::new(HitCounter::default());
    let (tx, mut rx) = mpsc::channel(16);
    let paths = ["/health", "/users", "/health", "/orders", "/users", "/health"];
    for path in paths {
        let task = tokio::spawn(handle_request(counter.clone(), path.to_string(), tx.clone()));
        task.await.unwrap();
        println!("{}", rx.recv().await.unwrap());
    }
    for (path, n) in counter.by_path.lock().unwrap().iter() {
        println!("{path}: {n}");
    }
}
