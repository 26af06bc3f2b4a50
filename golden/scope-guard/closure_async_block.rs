// Tests: guards inside async blocks given to tokio::spawn directly, async
// move blocks returned by a closure whose futures are spawned, an async
// closure (Rust 1.85+), and a future stored in a `let` before it is
// spawned. Guards last used before the await are scoped in the async
// block's own body.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn wait_window() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

#[tokio::main]
async fn main() {
    let buckets: Arc<Mutex<HashMap<u32, u32>>> = Arc::new(Mutex::new(HashMap::new()));

    let b = buckets.clone();
    tokio::spawn(async move {
        {
            let mut map = b.lock().unwrap();
            map.insert(0, 10);
        }
        wait_window().await;
    })
    .await
    .unwrap();

    let limiter = |client: u32| {
        let b = buckets.clone();
        async move {
            let left = {
                let mut map = b.lock().unwrap();
                let tokens = map.entry(client).or_insert(10);
                *tokens -= 1;
                *tokens
            };
            wait_window().await;
            left
        }
    };
    let left = tokio::spawn(limiter(1)).await.unwrap();

    let b = buckets.clone();
    let refill = async move {
        {
            let mut map = b.lock().unwrap();
            map.values_mut().for_each(|t| *t = 10);
        }
        wait_window().await;
    };
    tokio::spawn(refill).await.unwrap();

    let b = buckets.clone();
    let audit = async move |client: u32| {
        let seen = {
            let map = b.lock().unwrap();
            map.contains_key(&client)
        };
        wait_window().await;
        seen
    };
    let seen = tokio::spawn(audit(1)).await.unwrap();
    println!("{left} {seen}");
}
