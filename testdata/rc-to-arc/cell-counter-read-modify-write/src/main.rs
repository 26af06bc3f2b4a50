// A hit counter in an Rc<Cell<u64>> shared by eight tasks on a
// multi-threaded runtime: `set(get() + 1)` must become one atomic step
// (fetch_update, which keeps the debug overflow check), not
// a load and a store that lose the other threads' updates. The flag's
// `set(!get())` becomes fetch_xor(true).
use std::cell::Cell;
use std::rc::Rc;

async fn handle_request(hits: Rc<Cell<u64>>, flips: Rc<Cell<bool>>, n: u64) {
    for _ in 0..n {
        hits.set(hits.get() + 1);
    }
    flips.set(!flips.get());
    tokio::task::yield_now().await;
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let hits = Rc::new(Cell::new(0u64));
    let flips = Rc::new(Cell::new(false));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let h = hits.clone();
        let f = flips.clone();
        tasks.push(tokio::spawn(async move { handle_request(h, f, 20_000).await }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    println!("hits = {}, flipped back = {}", hits.get(), !flips.get());
}
