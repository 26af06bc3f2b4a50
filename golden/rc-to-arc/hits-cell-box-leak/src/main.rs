// A Cell leaked to a &'static (clippy's future_not_send test, spawned):
// Box::leak passes the value through, so Cell::new becomes AtomicUsize::new
// with the type.
use std::sync::atomic::{AtomicUsize, Ordering};

async fn bump(cell: &AtomicUsize) -> usize {
    tokio::task::yield_now().await;
    cell.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| Some(v + 1)).unwrap();
    cell.load(Ordering::SeqCst)
}

#[tokio::main]
async fn main() {
    let cell: &'static AtomicUsize = Box::leak(Box::new(AtomicUsize::new(42)));
    let n = tokio::spawn(bump(cell)).await.unwrap();
    println!("{n}");
}
