// A guard moved into a helper in one branch only: on the other path it is
// still held across the await (rustc: "maybe used later"), so it is
// reported and scoped.
use std::sync::{Arc, Mutex, MutexGuard};

async fn tick() {
    tokio::task::yield_now().await;
}

fn pop_back(mut q: MutexGuard<'_, Vec<u32>>) -> Option<u32> {
    q.pop()
}

async fn maybe_pop(m: Arc<Mutex<Vec<u32>>>, back: bool) -> u32 {
    let g = m.lock().unwrap();
    let x = if back { pop_back(g) } else { None };
    tick().await;
    x.unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(vec![1, 2, 3]));
    println!("{}", tokio::spawn(maybe_pop(m, true)).await.unwrap());
}
