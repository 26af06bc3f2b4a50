// A server generic over a handler trait whose future is an associated
// type: the spawned task awaits `handler.handle(..)`, so rustc asks for
// `H::Fut: Send` (and `H::Out: Send`, held across the next await).
use std::future::Future;

trait Handler {
    type Out;
    type Fut: Future<Output = Self::Out>;
    fn handle(&self, x: u32) -> Self::Fut;
}

struct Doubler;

impl Handler for Doubler {
    type Out = u32;
    type Fut = std::future::Ready<u32>;
    fn handle(&self, x: u32) -> Self::Fut {
        std::future::ready(x * 2)
    }
}

struct Server<H> {
    handler: H,
}

impl<H: Handler + Send + Sync + 'static> Server<H> {
    fn start(self) -> tokio::task::JoinHandle<()>
    where
        H::Fut: Send,
        H::Out: Send,
    {
        tokio::spawn(async move {
            let out = self.handler.handle(20).await;
            tokio::task::yield_now().await;
            drop(out);
            println!("served");
        })
    }
}

fn serve<H: Handler + Send + Sync + 'static>(h: H) -> tokio::task::JoinHandle<()>
where
    H::Fut: Send,
{
    tokio::spawn(async move {
        let _ = h.handle(1).await;
        println!("one");
    })
}

#[tokio::main]
async fn main() {
    serve(Doubler).await.unwrap();
    Server { handler: Doubler }.start().await.unwrap();
}
