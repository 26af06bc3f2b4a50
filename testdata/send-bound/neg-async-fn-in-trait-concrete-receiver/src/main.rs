// async fn in a trait, awaited on a CONCRETE type (Arc<MemStore>) inside a
// spawned future: MemStore's future is Send, so the trait needs no bound.
// The mere presence of an unrelated generic `S: Store` item triggers the edit.
use std::sync::Arc;

pub trait Store {
    async fn get(&self, key: u32) -> Option<String>;
}

pub struct MemStore;

impl Store for MemStore {
    async fn get(&self, key: u32) -> Option<String> {
        tokio::task::yield_now().await;
        Some(format!("v{key}"))
    }
}

fn kind<S: Store>(_store: &S) -> &'static str {
    "store"
}

async fn lookup(store: Arc<MemStore>) -> usize {
    let mut found = 0;
    for k in 0..3 {
        if store.get(k).await.is_some() {
            found += 1;
        }
    }
    found
}

#[tokio::main]
async fn main() {
    let s = Arc::new(MemStore);
    println!("{}", kind(&*s));
    let n = tokio::spawn(lookup(s)).await.unwrap();
    println!("{n}");
}
