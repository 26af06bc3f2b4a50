use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

#[derive(Default)]
struct LatencyStats {
    samples_ms: Vec<u64>,
}

async fn record_and_report(stats: Arc<Mutex<LatencyStats>>, sample_ms: u64, out: mpsc::Sender<String>) {
    let mut guard = stats.lock().unwrap();
    guard.samples_ms.push(sample_ms);
    let count = guard.samples_ms.len();
    let mean = guard.samples_ms.iter().sum::<u64>() / count as u64;
    out.send(format!("recorded {sample_ms} ms")).await.unwrap();
    out.send(format!("n={count} mean={mean} ms")).await.unwrap();
}

#[tokio::main]
async fn main() {
    let stats = Arc::new(Mutex::new(LatencyStats::default()));
    let (tx, mut rx) = mpsc::channel(64);
    for sample in [120, 80, 95, 300, 45] {
        tokio::spawn(record_and_report(stats.clone(), sample, tx.clone())).await.unwrap();
    }
    drop(tx);
    while let Some(line) = rx.recv().await {
        println!("{line}");
    }
}
