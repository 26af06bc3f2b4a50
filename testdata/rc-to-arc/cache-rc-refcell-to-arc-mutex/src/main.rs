use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

type Cache = Rc<RefCell<HashMap<String, u32>>>;

struct Stats {
    lookups: Cell<u64>,
    misses: Cell<u64>,
}

async fn fetch(key: &str) -> u32 {
    tokio::time::sleep(Duration::from_millis(2)).await;
    key.len() as u32 * 10
}

async fn lookup(cache: Cache, stats: Rc<Stats>, key: String) -> u32 {
    stats.lookups.set(stats.lookups.get() + 1);
    let cached = cache.borrow().get(&key).copied();
    if let Some(v) = cached {
        return v;
    }
    let mut entries = cache.borrow_mut();
    entries.insert(format!("pending:{key}"), 0);
    stats.misses.set(stats.misses.get() + 1);
    let value = fetch(&key).await;
    cache.borrow_mut().insert(key, value);
    value
}

#[tokio::main]
async fn main() {
    let cache: Cache = Rc::new(RefCell::new(HashMap::new()));
    let stats = Rc::new(Stats { lookups: Cell::new(0), misses: Cell::new(0) });
    let mut total = 0;
    for key in ["alpha", "beta", "alpha", "gamma", "beta"] {
        let task = tokio::spawn(lookup(cache.clone(), Rc::clone(&stats), key.to_string()));
        total += task.await.unwrap();
    }
    let mut keys: Vec<_> = cache.borrow().keys().cloned().collect();
    keys.sort();
    println!("total {total}");
    println!("keys {keys:?}");
    println!("lookups {} misses {}", stats.lookups.get(), stats.misses.get());
}
