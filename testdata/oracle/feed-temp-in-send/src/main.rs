use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

#[derive(Clone, Debug)]
struct Quote {
    symbol: &'static str,
    bid: u32,
    ask: u32,
}

async fn publish_latest(latest: Arc<Mutex<Quote>>, subscribers: mpsc::Sender<Quote>) {
    subscribers.send(latest.lock().unwrap().clone()).await.unwrap();
}

#[tokio::main]
async fn main() {
    let latest = Arc::new(Mutex::new(Quote { symbol: "ACME", bid: 101, ask: 103 }));
    let (tx, mut rx) = mpsc::channel(4);
    for (bid, ask) in [(102, 104), (99, 100), (105, 108)] {
        tokio::spawn(publish_latest(latest.clone(), tx.clone())).await.unwrap();
        let quote = rx.recv().await.unwrap();
        println!("{} bid={} ask={}", quote.symbol, quote.bid, quote.ask);
        let mut q = latest.lock().unwrap();
        q.bid = bid;
        q.ask = ask;
    }
    println!("final: {:?}", latest.lock().unwrap());
}
