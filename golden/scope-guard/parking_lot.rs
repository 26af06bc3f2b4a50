// Tests: parking_lot guards (Mutex, RwLock read/write, upgradable read).
// parking_lot's lock() returns the guard directly (no unwrap), and its
// guards are !Send (without the send_guard feature), so holding one across
// an .await in a spawned task fails like std's. Each is last used before
// the await and gets scoped.
use parking_lot::{Mutex, RwLock, RwLockUpgradableReadGuard};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

#[derive(Default)]
struct Metrics {
    requests: Mutex<u64>,
    latencies: RwLock<Vec<u64>>,
    labels: RwLock<HashMap<String, String>>,
}

async fn export(snapshot: u64) {
    tokio::time::sleep(Duration::from_millis(snapshot % 2)).await;
}

async fn count_request(m: Arc<Metrics>) {
    {
        let mut requests = m.requests.lock();
        *requests += 1;
    }
    export(0).await;
}

async fn export_latest(m: Arc<Metrics>) {
    let lat = m.latencies.read();
    let worst = lat.iter().copied().max().unwrap_or(0);
    export(worst).await;
}

async fn record_latency(m: Arc<Metrics>, micros: u64) {
    {
        let mut lat = m.latencies.write();
        lat.push(micros);
        if lat.len() > 1000 {
            lat.remove(0);
        }
    }
    export(micros).await;
}

async fn ensure_label(m: Arc<Metrics>, key: String) {
    {
        let labels = m.labels.upgradable_read();
        if !labels.contains_key(&key) {
            let mut labels = RwLockUpgradableReadGuard::upgrade(labels);
            labels.insert(key, "default".to_string());
        }
    }
    export(1).await;
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Metrics::default());
    tokio::spawn(count_request(m.clone())).await.unwrap();
    tokio::spawn(record_latency(m.clone(), 250)).await.unwrap();
    tokio::spawn(export_latest(m.clone())).await.unwrap();
    tokio::spawn(ensure_label(m.clone(), "region".into())).await.unwrap();
}
