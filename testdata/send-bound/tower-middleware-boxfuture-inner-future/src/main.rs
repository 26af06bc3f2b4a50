// The usual tower middleware: `type Future = BoxFuture<'static, ..>`,
// Send as written, boxing an async block that awaits the inner service's
// future. rustc: "future cannot be sent between threads safely", and it
// suggests restricting the associated type: `Inner::Future: Send` joins
// the impl's where clause (its `'static` predicate).
use std::task::{Context, Poll};
use tower_service::Service;

/// Logs each call's result after the inner service answers.
struct Logged<Inner> {
    inner: Inner,
    name: &'static str,
}

impl<Inner, T> Service<T> for Logged<Inner>
where
    Inner: Service<T>,
    Inner::Response: std::fmt::Debug,
    Inner::Future: 'static,
{
    type Response = Inner::Response;
    type Error = Inner::Error;
    type Future = futures::future::BoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: T) -> Self::Future {
        let fut = self.inner.call(req);
        let name = self.name;
        Box::pin(async move {
            let res = fut.await;
            if let Ok(r) = &res {
                println!("{name}: {r:?}");
            }
            res
        })
    }
}

struct Doubler;

impl Service<u32> for Doubler {
    type Response = u32;
    type Error = String;
    type Future = std::future::Ready<Result<u32, String>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), String>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, n: u32) -> Self::Future {
        std::future::ready(if n < 100 { Ok(n * 2) } else { Err(format!("{n} is too large")) })
    }
}

/// Stand-in for hyper's server: each request's future runs as its own task.
async fn serve<M, S>(mut make: M, reqs: Vec<u32>) -> Vec<Result<S, String>>
where
    M: Service<u32, Response = S, Error = String>,
    M::Future: Send + 'static,
    S: Send + 'static,
{
    let mut tasks = Vec::new();
    for r in reqs {
        futures::future::poll_fn(|cx| make.poll_ready(cx)).await.unwrap();
        tasks.push(tokio::spawn(make.call(r)));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

#[tokio::main]
async fn main() {
    let svc = Logged { inner: Doubler, name: "doubler" };
    for r in serve(svc, vec![1, 20, 300]).await {
        println!("{r:?}");
    }
}
