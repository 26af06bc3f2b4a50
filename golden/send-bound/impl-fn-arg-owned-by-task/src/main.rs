// flutter_rust_bridge#2709: a Dart callback passed as `impl Fn`, shared in
// an Arc by spawned tasks. The task owns it, so besides Send + Sync it
// must be 'static (E0310 otherwise); a generic given to a spawned task
// gets 'static the same way.
use std::fmt::Display;
use std::sync::Arc;

async fn subscribe(callback: impl Fn(u32) -> String + Send + Sync + 'static) -> Vec<String> {
    let callback = Arc::new(callback);
    let mut handles = Vec::new();
    for n in 0..3 {
        let callback = callback.clone();
        handles.push(tokio::spawn(async move {
            tokio::task::yield_now().await;
            callback(n)
        }));
    }
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

fn announce<T: Display + Send + 'static>(what: T) -> tokio::task::JoinHandle<String> {
    tokio::spawn(async move { format!("event: {what}") })
}

#[tokio::main]
async fn main() {
    let prefix = String::from("dart");
    println!("{:?}", subscribe(move |n| format!("{prefix}:{n}")).await);
    println!("{}", announce(42).await.unwrap());
}
