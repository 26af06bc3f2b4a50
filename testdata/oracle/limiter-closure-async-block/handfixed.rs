use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

struct TokenBucket {
    tokens: u32,
    denied: u32,
}

#[tokio::main]
async fn main() {
    let bucket = Arc::new(Mutex::new(TokenBucket { tokens: 3, denied: 0 }));
    let (tx, mut rx) = mpsc::channel::<String>(16);

    let make_request = |client: &'static str, cost: u32| {
        let bucket = bucket.clone();
        let tx = tx.clone();
        async move {
            let verdict = {
                let mut b = bucket.lock().unwrap();
                if b.tokens >= cost {
                    b.tokens -= cost;
                    "allowed"
                } else {
                    b.denied += 1;
                    "throttled"
                }
            };
            tx.send(format!("{client} cost={cost}: {verdict}")).await.unwrap();
        }
    };

    for (client, cost) in [("mobile", 1), ("web", 2), ("batch", 2), ("mobile", 0)] {
        tokio::spawn(make_request(client, cost)).await.unwrap();
        println!("{}", rx.recv().await.unwrap());
    }
    let b = bucket.lock().unwrap();
    println!("tokens left: {}, denied: {}", b.tokens, b.denied);
}
