// Shape: keyed waiters registry (wait until a named resource becomes ready):
// guard is explicitly drop()ped after cloning an Arc<Notify> out of it, yet
// the future is still rejected.
// Source: https://github.com/rust-lang/rust/issues/140841
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Default)]
struct Waiters {
    map: Mutex<HashMap<String, Arc<Notify>>>,
    ready: Mutex<Vec<String>>,
}

impl Waiters {
    fn entry(&self, key: &str) -> Arc<Notify> {
        let mut map = self.map.lock().unwrap();
        map.entry(key.to_string()).or_insert_with(|| Arc::new(Notify::new())).clone()
    }

    async fn wait_for(&self, key: &str) -> String {
        self.entry(key);
        let inner = self.map.lock().unwrap();
        let n = inner.get(key).unwrap().clone();
        drop(inner);
        n.notified().await;
        format!("{key} ready")
    }

    async fn mark_ready(&self, key: &str) {
        let flag = self.ready.lock().unwrap();
        let already = flag.iter().any(|k| k == key);
        drop(flag);
        if !already {
            tokio::task::yield_now().await;
            self.ready.lock().unwrap().push(key.to_string());
            self.entry(key).notify_one();
        }
    }
}

#[tokio::main]
async fn main() {
    let w = Arc::new(Waiters::default());
    let mut handles = Vec::new();
    for key in ["db", "cache"] {
        let w2 = w.clone();
        handles.push(tokio::spawn(async move { w2.wait_for(key).await }));
    }
    tokio::time::sleep(Duration::from_millis(5)).await;
    let w3 = w.clone();
    tokio::spawn(async move {
        w3.mark_ready("cache").await;
        w3.mark_ready("db").await;
        w3.mark_ready("db").await;
    })
    .await
    .unwrap();
    for h in handles {
        println!("{}", h.await.unwrap());
    }
    println!("ready order: {:?}", w.ready.lock().unwrap());
}
