// Tests: an awaiting `if` that uses the guard before its awaits (drop() is
// not enough for rustc once the guard was read). The condition, a branch
// without an await and what an awaiting branch does before its await run
// in the guard's block; the awaiting parts after it.
// - cache: `if let` hit returns the clone, the miss drops and fetches
// - sweep: both branches await; the block says which one ran
// - miss with nothing before its await
// - refused: the awaiting part reads a variable the moved part binds
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

async fn fetch(k: u32) -> String {
    tokio::task::yield_now().await;
    format!("v{k}")
}

struct Cache {
    map: Mutex<HashMap<u32, String>>,
}

impl Cache {
    async fn get(&self, k: u32) -> String {
        let map = self.map.lock().unwrap();
        if let Some(v) = map.get(&k) {
            v.clone()
        } else {
            drop(map);
            let v = fetch(k).await;
            self.map.lock().unwrap().insert(k, v.clone());
            v
        }
    }

    async fn sweep(&self, k: u32) -> String {
        let mut map = self.map.lock().unwrap();
        let stale = map.get(&k).map(|v| v.len() > 2).unwrap_or(true);
        if stale {
            map.remove(&k);
            drop(map);
            fetch(k).await
        } else {
            fetch(k + 100).await
        }
    }

    async fn peek(&self, k: u32) -> String {
        let map = self.map.lock().unwrap();
        if let Some(v) = map.get(&k) {
            v.clone()
        } else {
            fetch(k).await
        }
    }

    async fn count(&self, k: u32) -> usize {
        let map = self.map.lock().unwrap();
        if map.contains_key(&k) {
            map.len()
        } else {
            let n = map.len();
            drop(map);
            fetch(k).await.len() + n
        }
    }
}

#[tokio::main]
async fn main() {
    let c = Arc::new(Cache { map: Mutex::new(HashMap::new()) });
    let d = c.clone();
    let out = tokio::spawn(async move { (d.get(1).await, d.get(1).await, d.sweep(1).await, d.peek(2).await, d.count(3).await) }).await.unwrap();
    println!("{out:?}");
}
