// Tests: a guard kept alive by temporary lifetime extension rather than
// bound directly: `let s = &mut *m.lock().unwrap();` and
// `let cfg = &*rw.read().unwrap();` keep the guard until the end of the
// block, like `let g = ..`, so the same scoping applies; and a reference
// binding derived from a named guard (`let e = &mut g.entries;`).
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

#[derive(Default)]
struct Store {
    entries: HashMap<String, u64>,
    writes: u64,
}

async fn sync_to_disk() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

async fn put(store: Arc<Mutex<Store>>, key: String, v: u64) -> u64 {
    let writes = {
        let s = &mut *store.lock().unwrap();
        s.entries.insert(key, v);
        s.writes += 1;
        s.writes
    };
    sync_to_disk().await;
    writes
}

async fn prefix(cfg: Arc<RwLock<String>>) -> String {
    let p = {
        let c = &*cfg.read().unwrap();
        format!("{c}/")
    };
    sync_to_disk().await;
    p
}

async fn bump_all(store: Arc<Mutex<Store>>) {
    {
        let mut g = store.lock().unwrap();
        let e = &mut g.entries;
        for v in e.values_mut() {
            *v += 1;
        }
    }
    sync_to_disk().await;
}

#[tokio::main]
async fn main() {
    let store = Arc::new(Mutex::new(Store::default()));
    println!("{}", tokio::spawn(put(store.clone(), "a".into(), 1)).await.unwrap());
    println!("{}", tokio::spawn(prefix(Arc::new(RwLock::new("/var".into())))).await.unwrap());
    tokio::spawn(bump_all(store.clone())).await.unwrap();
}
