use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

#[derive(Default)]
struct Stats {
    hits: Mutex<u64>,
    misses: Mutex<u64>,
}

/// Two guards of the same type, each held across an await. rustc reports
/// one "future cannot be sent" per type, naming the first guard; the
/// second is reported only once the first is fixed.
async fn lookup(stats: Arc<Stats>, hit: bool, out: mpsc::Sender<String>) -> u64 {
    let mut hits = stats.hits.lock().unwrap();
    if hit {
        *hits += 1;
    }
    out.send(format!("hit: {hit}")).await.unwrap();
    let mut misses = stats.misses.lock().unwrap();
    if !hit {
        *misses += 1;
    }
    let missed = *misses;
    out.send(format!("misses so far: {missed}")).await.unwrap();
    missed
}

#[tokio::main]
async fn main() {
    let stats = Arc::new(Stats::default());
    let (tx, mut rx) = mpsc::channel(16);
    for hit in [true, false, true] {
        let missed = tokio::spawn(lookup(stats.clone(), hit, tx.clone())).await.unwrap();
        println!("{missed}");
    }
    drop(tx);
    while let Some(line) = rx.recv().await {
        println!("{line}");
    }
    println!("hits {}", stats.hits.lock().unwrap());
}
