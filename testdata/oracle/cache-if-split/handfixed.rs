// An awaiting `if` that uses the guard before its awaits (drop() is not
// enough for rustc once the guard was read), the shape of a cache. The
// condition, a branch without an await and what an awaiting branch does
// before its await run
// in the guard's block; the awaiting parts after it.
// - cache: `if let` hit returns the clone, the miss drops and fetches
// - sweep: both branches await; the block says which one ran
// - miss with nothing before its await
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
        let finished = {
            let map = self.map.lock().unwrap();
            if let Some(v) = map.get(&k) {
                Some(v.clone())
            } else {
                None
            }
        };
        if let Some(value) = finished {
            value
        } else {
            let v = fetch(k).await;
            self.map.lock().unwrap().insert(k, v.clone());
            v
        }
    }

    async fn sweep(&self, k: u32) -> String {
        let took_then = {
            let mut map = self.map.lock().unwrap();
            let stale = map.get(&k).map(|v| v.len() > 2).unwrap_or(true);
            if stale {
                map.remove(&k);
                true
            } else {
                false
            }
        };
        if took_then {
            fetch(k).await
        } else {
            fetch(k + 100).await
        }
    }

    async fn peek(&self, k: u32) -> String {
        let finished = {
            let map = self.map.lock().unwrap();
            if let Some(v) = map.get(&k) {
                Some(v.clone())
            } else {
                None
            }
        };
        if let Some(value) = finished {
            value
        } else {
            fetch(k).await
        }
    }
}

#[tokio::main]
async fn main() {
    let c = Arc::new(Cache { map: Mutex::new(HashMap::new()) });
    for k in [1, 1] {
        let d = c.clone();
        println!("{}", tokio::spawn(async move { d.get(k).await }).await.unwrap());
    }
    let d = c.clone();
    println!("{}", tokio::spawn(async move { d.sweep(1).await }).await.unwrap());
    let d = c.clone();
    println!("{}", tokio::spawn(async move { d.peek(2).await }).await.unwrap());
}
