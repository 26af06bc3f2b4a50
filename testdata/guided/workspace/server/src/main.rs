use std::sync::{Arc, Mutex};

use store::Store;
use tokio::sync::mpsc;

async fn greet(served: Arc<Mutex<u32>>, out: mpsc::Sender<String>) {
    let mut n = served.lock().unwrap();
    *n += 1;
    let line = format!("hello #{}", *n);
    out.send(line).await.unwrap();
}

#[tokio::main]
async fn main() {
    let store = Arc::new(Store::default());
    let served = Arc::new(Mutex::new(0));
    let (tx, mut rx) = mpsc::channel(8);
    for key in ["a", "b", "a"] {
        tokio::spawn(store::record(store.clone(), key.to_string(), tx.clone())).await.unwrap();
        tokio::spawn(greet(served.clone(), tx.clone())).await.unwrap();
    }
    drop(tx);
    while let Some(line) = rx.recv().await {
        println!("{line}");
    }
    println!("{:?}", store.entries.lock().unwrap());
}
