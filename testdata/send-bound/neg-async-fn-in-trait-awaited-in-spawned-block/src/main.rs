//! Request handlers via a trait with native `async fn`, spawned only with concrete types
//! (auto-trait leakage makes each concrete future Send).
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone)]
struct Request {
    path: String,
}

#[derive(Debug)]
struct Response {
    status: u16,
    body: String,
}

trait Handler {
    async fn handle(&self, req: Request) -> Response;

    async fn handle_all(&self, reqs: Vec<Request>) -> Vec<Response> {
        let mut out = Vec::new();
        for r in reqs {
            out.push(self.handle(r).await);
        }
        out
    }
}

struct Echo;

struct Upper {
    calls: AtomicUsize,
}

impl Handler for Echo {
    async fn handle(&self, req: Request) -> Response {
        tokio::task::yield_now().await;
        Response { status: 200, body: req.path }
    }
}

impl Handler for Upper {
    async fn handle(&self, req: Request) -> Response {
        self.calls.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(1)).await;
        Response { status: 200, body: req.path.to_uppercase() }
    }
}

/// Generic over the handler, but only ever instantiated with Echo / Upper.
async fn serve<H: Handler>(h: &H, reqs: Vec<Request>) -> usize {
    let mut ok = 0;
    for r in reqs {
        let resp = h.handle(r).await;
        if resp.status == 200 {
            ok += 1;
        }
    }
    ok
}

fn reqs(n: usize) -> Vec<Request> {
    (0..n).map(|i| Request { path: format!("/item/{i}") }).collect()
}

#[tokio::main]
async fn main() {
    let upper = Arc::new(Upper { calls: AtomicUsize::new(0) });
    let u = upper.clone();
    let a = tokio::spawn(async move { u.handle(Request { path: "/a".into() }).await });
    let b = tokio::spawn(async move { Echo.handle_all(reqs(2)).await });
    let u2 = upper.clone();
    let c = tokio::spawn(async move { serve(&*u2, reqs(3)).await });
    let d = tokio::spawn(async move { serve(&Echo, reqs(1)).await });
    println!("{:?}", a.await.unwrap());
    println!("{:?}", b.await.unwrap());
    println!("{} {}", c.await.unwrap(), d.await.unwrap());
    println!("calls={}", upper.calls.load(Ordering::Relaxed));
}
