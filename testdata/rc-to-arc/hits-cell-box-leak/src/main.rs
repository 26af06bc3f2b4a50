// A Cell leaked to a &'static (clippy's future_not_send test, spawned):
// Box::leak passes the value through, so Cell::new becomes AtomicUsize::new
// with the type.
use std::cell::Cell;

async fn bump(cell: &Cell<usize>) -> usize {
    tokio::task::yield_now().await;
    cell.set(cell.get() + 1);
    cell.get()
}

#[tokio::main]
async fn main() {
    let cell: &'static Cell<usize> = Box::leak(Box::new(Cell::new(42)));
    let n = tokio::spawn(bump(cell)).await.unwrap();
    println!("{n}");
}
