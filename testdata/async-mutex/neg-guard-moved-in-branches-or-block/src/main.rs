// Guards moved away before the await, never borrowed: into a sync helper
// in both branches of an if, and into a block-local let under the same
// name. This compiles as it is: nothing to report.
use std::sync::{Arc, Mutex, MutexGuard};

async fn tick() {
    tokio::task::yield_now().await;
}

fn pop_front(mut q: MutexGuard<'_, Vec<u32>>) -> Option<u32> {
    if q.is_empty() { None } else { Some(q.remove(0)) }
}
fn pop_back(mut q: MutexGuard<'_, Vec<u32>>) -> Option<u32> {
    q.pop()
}

// A: guard moved into a sync helper on both branches of an if
async fn branch_move(m: Arc<Mutex<Vec<u32>>>, back: bool) -> u32 {
    let g = m.lock().unwrap();
    let x = if back { pop_back(g) } else { pop_front(g) };
    tick().await;
    x.unwrap_or(0)
}

// B: guard re-bound inside a block, name shadowed by the block's usize result
async fn shadow_block(m: Arc<Mutex<Vec<u32>>>) -> usize {
    let guard = m.lock().unwrap();
    let guard = {
        let mut guard = guard;
        guard.push(1);
        guard.len()
    };
    tick().await;
    guard
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(vec![1, 2, 3]));
    let a = tokio::spawn(branch_move(m.clone(), true));
    let b = tokio::spawn(shadow_block(m.clone()));
    println!("{} {}", a.await.unwrap(), b.await.unwrap());
}
