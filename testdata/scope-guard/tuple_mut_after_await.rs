// A tuple binding changed only after the await: the outer pattern keeps its
// mut, the inner one loses it (no unused_mut under #![deny(warnings)]).
#![deny(warnings)]
use std::sync::{Arc, Mutex};

async fn work(m: Arc<Mutex<(i32, i32)>>) {
    let g = m.lock().unwrap();
    let (mut lo, hi) = *g;
    tokio::task::yield_now().await;
    lo -= 1;
    println!("lo={lo} hi={hi}");
}

#[tokio::main]
async fn main() {
    tokio::spawn(work(Arc::new(Mutex::new((5, 7))))).await.unwrap();
}
