// tower's Service: each request runs on its own task, which awaits the
// future `svc.call(r)` returned, of type S::Future (rustc: "consider
// further restricting the associated type").
use std::future::Ready;
use std::task::{Context, Poll};
use tower_service::Service;

struct Echo;

impl Service<String> for Echo {
    type Response = String;
    type Error = std::convert::Infallible;
    type Future = Ready<Result<String, Self::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: String) -> Self::Future {
        std::future::ready(Ok(req.to_uppercase()))
    }
}

/// Runs every request on its own task.
fn dispatch<S>(mut svc: S, reqs: Vec<String>) -> Vec<tokio::task::JoinHandle<String>>
where
    S: Service<String> + Send + 'static,
    S::Response: std::fmt::Debug + Send,
{
    reqs.into_iter()
        .map(|r| {
            let fut = svc.call(r);
            tokio::spawn(async move {
                match fut.await {
                    Ok(resp) => format!("{:?}", resp),
                    Err(_) => "error".to_string(),
                }
            })
        })
        .collect()
}

#[tokio::main]
async fn main() {
    for h in dispatch(Echo, vec!["a".into(), "b".into()]) {
        println!("{}", h.await.unwrap());
    }
}
