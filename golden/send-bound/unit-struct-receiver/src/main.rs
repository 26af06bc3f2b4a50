// A unit struct's value (`let g = Gauge;`) is typed like any struct: the
// trait method a spawned task awaits on it resolves, and gets + Send.
use std::future::Future;
use std::pin::Pin;

trait Meter {
    fn read(&self) -> Pin<Box<dyn Future<Output = u32> + Send + '_>>;
}

struct Gauge;

impl Meter for Gauge {
    fn read(&self) -> Pin<Box<dyn Future<Output = u32> + Send + '_>> {
        Box::pin(async { 5 })
    }
}

#[tokio::main]
async fn main() {
    let g = Gauge;
    let read = tokio::spawn(async move { g.read().await });
    println!("{}", read.await.unwrap());
}
