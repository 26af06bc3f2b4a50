use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

async fn reserve(stock: Arc<Mutex<BTreeMap<&'static str, u32>>>, item: &'static str, qty: u32, events: mpsc::Sender<String>) {
    let granted = {
        let mut levels = stock.lock().unwrap();
        let available = levels.get(item).copied().unwrap_or(0);
        let granted = available.min(qty);
        levels.insert(item, available - granted);
        granted
    };
    events.send(format!("reserve {item} x{qty}: granted {granted}")).await.unwrap();
}

#[tokio::main]
async fn main() {
    let stock = Arc::new(Mutex::new(BTreeMap::from([("widget", 5), ("gizmo", 1)])));
    let (tx, mut rx) = mpsc::channel(8);
    for (item, qty) in [("widget", 3), ("gizmo", 2), ("widget", 3), ("sprocket", 1)] {
        tokio::spawn(reserve(stock.clone(), item, qty, tx.clone())).await.unwrap();
        println!("{}", rx.recv().await.unwrap());
    }
    println!("stock: {:?}", stock.lock().unwrap());
}
