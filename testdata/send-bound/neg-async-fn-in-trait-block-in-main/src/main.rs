// A trait's async fn awaited on a concrete value in a block main spawns,
// and through a generic fn main awaits itself: rustc checks the impl's
// future, which is Send; the trait needs no bound.
use std::sync::Arc;
trait Service {
    async fn call(&self, req: u32) -> u32;
}
struct Doubler;
impl Service for Doubler {
    async fn call(&self, req: u32) -> u32 {
        tokio::task::yield_now().await;
        req * 2
    }
}
async fn drive<S: Service>(s: &S) -> u32 {
    s.call(1).await
}
#[tokio::main]
async fn main() {
    let d = Arc::new(Doubler);
    println!("{}", drive(&*d).await);
    println!("{}", tokio::spawn(async move { d.call(21).await }).await.unwrap());
}
