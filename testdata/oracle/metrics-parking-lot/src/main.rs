use std::collections::BTreeMap;
use std::sync::Arc;

use parking_lot::Mutex;
use tokio::sync::mpsc;

#[derive(Default)]
struct Metrics {
    counters: Mutex<BTreeMap<&'static str, u64>>,
}

async fn export(metrics: Arc<Metrics>, scrape: mpsc::Sender<String>) {
    let mut counters = metrics.counters.lock();
    *counters.entry("scrapes").or_insert(0) += 1;
    let body: Vec<String> = counters.iter().map(|(k, v)| format!("{k} {v}")).collect();
    scrape.send(body.join("\n")).await.unwrap();
}

#[tokio::main]
async fn main() {
    let metrics = Arc::new(Metrics::default());
    metrics.counters.lock().insert("http_requests", 40);
    let (tx, mut rx) = mpsc::channel(4);
    for _ in 0..3 {
        tokio::spawn(export(metrics.clone(), tx.clone())).await.unwrap();
        println!("--- scrape ---\n{}", rx.recv().await.unwrap());
        *metrics.counters.lock().entry("http_requests").or_insert(0) += 2;
    }
}
