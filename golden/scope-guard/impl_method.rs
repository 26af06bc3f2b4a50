// Tests: guards in `async fn` methods of an impl (`&self` and by-value
// `self` receivers, a generic impl, a trait impl with a native async fn) whose
// futures are spawned through an Arc or moved value. Each guard is last
// used before the await; values read through `self` leave the block.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

struct Conn(u32);

struct Pool {
    idle: Mutex<Vec<Conn>>,
    stats: RwLock<HashMap<&'static str, u64>>,
}

impl Pool {
    async fn connect(&self) -> Conn {
        tokio::time::sleep(Duration::from_millis(1)).await;
        Conn(7)
    }

    async fn checkout(&self) -> Conn {
        let reused = {
            let mut idle = self.idle.lock().unwrap();
            idle.pop()
        };
        match reused {
            Some(c) => c,
            None => self.connect().await,
        }
    }

    async fn report(&self) -> u64 {
        let checkouts = {
            let stats = self.stats.read().unwrap();
            stats.get("checkouts").copied().unwrap_or(0)
        };
        self.connect().await;
        checkouts
    }
}

struct Buffered<T> {
    items: Mutex<Vec<T>>,
    flushes: Mutex<usize>,
}

impl<T: Send + 'static> Buffered<T> {
    async fn push_and_flush(self, item: T) -> usize {
        {
            let mut items = self.items.lock().unwrap();
            items.push(item);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
        *self.flushes.lock().unwrap() + 1
    }
}

trait Store {
    async fn save(&self, key: u32);
}

impl Store for Pool {
    async fn save(&self, key: u32) {
        {
            let mut stats = self.stats.write().unwrap();
            *stats.entry("saves").or_insert(0) += u64::from(key);
        }
        self.connect().await;
    }
}

#[tokio::main]
async fn main() {
    let pool = Arc::new(Pool { idle: Mutex::new(vec![Conn(1)]), stats: RwLock::new(HashMap::new()) });
    let p = pool.clone();
    let c = tokio::spawn(async move { p.checkout().await }).await.unwrap();
    let p = pool.clone();
    let n = tokio::spawn(async move { p.report().await }).await.unwrap();
    let p = pool.clone();
    tokio::spawn(async move { p.save(3).await }).await.unwrap();
    let b = Buffered { items: Mutex::new(vec![1u8]), flushes: Mutex::new(0) };
    let len = tokio::spawn(b.push_and_flush(2)).await.unwrap();
    println!("{} {n} {len}", c.0);
}
