// A Pin<Box<dyn Future + '_>> (no Send) returned by a method is a branch
// future of a tokio::select! in a spawned task (tokio-context#3 shape):
// the select! branches are read as code, awaited in place, and the
// boxed future gets + Send.
use std::future::Future;
use std::pin::Pin;
struct Ctx(u32);
impl Ctx {
    fn done(&mut self) -> Pin<Box<dyn Future<Output = ()> + '_>> {
        Box::pin(async move { tokio::task::yield_now().await; self.0 += 1; })
    }
}
async fn work() -> &'static str { std::future::pending::<()>().await; "work" }
#[tokio::main]
async fn main() {
    let mut ctx = Ctx(0);
    let worker = tokio::spawn(async move {
        tokio::select! { _ = ctx.done() => "done", r = work() => r }
    });
    println!("{}", worker.await.unwrap());
}
