// rwU u03: a tokio Mutex declared in another module, locked here with
// try_lock and held across an await in a spawned worker. This file names
// std's Mutex too (for a counter); the field's own module says tokio.
mod queue;

use queue::{Queue, Stats};
use std::sync::Arc;

async fn worker(q: Arc<Queue>, log: Arc<std::sync::Mutex<u32>>) -> u32 {
    if let Ok(mut s) = q.stats.try_lock() {
        s.busy += 1;
        s.peak = s.peak.max(s.busy);
        tokio::task::yield_now().await;
        s.busy -= 1;
    }
    *log.lock().unwrap() += 1;
    q.stats.lock().await.peak
}

#[tokio::main]
async fn main() {
    let q = Arc::new(Queue { stats: tokio::sync::Mutex::new(Stats::default()) });
    let log = Arc::new(std::sync::Mutex::new(0));
    let peak = tokio::spawn(worker(q.clone(), log.clone())).await.unwrap();
    println!("peak {peak}, logged {}", log.lock().unwrap());
}
