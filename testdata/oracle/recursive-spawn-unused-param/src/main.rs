// An async fn that spawns itself holding a semaphore permit it never
// names: rustc reports "cannot satisfy `impl Future<Output = ()>: Send`".
// The permit must stay held until the future ends, as an async fn keeps
// every parameter: "before" prints 3 permits left, not 4.
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

async fn hold(n: u32, _permit: OwnedSemaphorePermit, sem: Arc<Semaphore>) {
    tokio::time::sleep(Duration::from_millis(1)).await;
    if n > 0 {
        let permit = sem.clone().acquire_owned().await.unwrap();
        tokio::spawn(hold(n - 1, permit, sem));
    }
}

#[tokio::main]
async fn main() {
    let sem = Arc::new(Semaphore::new(4));
    let permit = sem.clone().acquire_owned().await.unwrap();
    let fut = hold(2, permit, sem.clone());
    println!("before: {} permits left", sem.available_permits());
    fut.await;
    while sem.available_permits() < 4 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    println!("after: {} permits left", sem.available_permits());
}
