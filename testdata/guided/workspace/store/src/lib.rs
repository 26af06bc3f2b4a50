use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

#[derive(Default)]
pub struct Store {
    pub entries: Mutex<BTreeMap<String, u64>>,
}

/// Records one hit and tells the auditor. The server spawns it: rustc
/// reports that from the server crate, naming only this body (E0277).
pub async fn record(store: Arc<Store>, key: String, audit: mpsc::Sender<String>) {
    let mut entries = store.entries.lock().unwrap();
    *entries.entry(key.clone()).or_insert(0) += 1;
    audit.send(format!("recorded {key}")).await.unwrap();
}

/// Drops the keys seen fewer than `min` times. Spawned by this crate's
/// tests: rustc reports it when checking the store's test target.
pub async fn prune(store: Arc<Store>, min: u64, audit: mpsc::Sender<String>) {
    let mut entries = store.entries.lock().unwrap();
    entries.retain(|_, n| *n >= min);
    let left = entries.len();
    audit.send(format!("{left} keys left")).await.unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn prune_keeps_frequent_keys() {
        let store = Arc::new(Store::default());
        store.entries.lock().unwrap().insert("a".into(), 3);
        store.entries.lock().unwrap().insert("b".into(), 1);
        let (tx, mut rx) = mpsc::channel(1);
        tokio::spawn(prune(store.clone(), 2, tx)).await.unwrap();
        assert_eq!(rx.recv().await.unwrap(), "1 keys left");
    }
}
