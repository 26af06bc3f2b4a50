// A value of another crate's non-Send type (futures' LocalPool holds an
// Rc), let-bound and held to the end of its scope, across an await of a
// spawned task. No pass knows the type; rustc does, and --cargo scopes the
// value before the await, as it would a lock guard.
use futures::executor::LocalPool;

async fn warm_up(n: u32) -> u32 {
    let mut pool = LocalPool::new();
    let first: u32 = pool.run_until(async move { n * 2 });
    tokio::task::yield_now().await;
    first + 1
}

#[tokio::main]
async fn main() {
    let v = tokio::spawn(warm_up(20)).await.unwrap();
    println!("{v}");
}
