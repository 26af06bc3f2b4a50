// A closure returning an async fn's future, given in #[tokio::main] to a
// generic whose Fut must be Send (F: Fn(S) -> Fut, Fut: Future + Send;
// tokio-rs/axum#438 shape): that future must be Send, so its std guard
// held across an await is reported.
use std::future::Future;
use std::sync::{Arc, Mutex};

async fn audit() {
    tokio::task::yield_now().await;
}

async fn greeting(state: Arc<Mutex<String>>) -> String {
    let l = state.lock().unwrap();
    audit().await;
    l.to_string()
}

fn register<F, Fut>(f: F)
where
    F: Fn(Arc<Mutex<String>>) -> Fut,
    Fut: Future<Output = String> + Send + 'static,
{
    let _ = f;
}

#[tokio::main]
async fn main() {
    register(|s| greeting(s));
}
