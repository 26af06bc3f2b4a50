// A hit counter in an Rc<Cell<u64>> shared by eight tasks on a
// multi-threaded runtime: `set(get() + 1)` must become one atomic step
// (fetch_update, which keeps the debug overflow check), not
// a load and a store that lose the other threads' updates. The flag's
// `set(!get())` becomes fetch_xor(true).
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

async fn handle_request(hits: Arc<AtomicU64>, flips: Arc<AtomicBool>, n: u64) {
    for _ in 0..n {
        hits.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| Some(v + 1)).unwrap();
    }
    flips.fetch_xor(true, Ordering::SeqCst);
    tokio::task::yield_now().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let hits = Arc::new(AtomicU64::new(0u64));
    let flips = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let h = hits.clone();
        let f = flips.clone();
        tasks.push(tokio::spawn(async move { handle_request(h, f, 20_000).await }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    println!("hits = {}, flipped back = {}", hits.load(Ordering::SeqCst), !flips.load(Ordering::SeqCst));
}
