use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;
use std::time::Duration;

struct Bucket {
    tokens: u32,
    refills: u32,
}

/// Takes a token for key; an empty bucket is refilled after a pause, and
/// the limiter stays locked meanwhile so that no other caller jumps ahead.
async fn acquire(limiter: Arc<Mutex<HashMap<String, Bucket>>>, key: &'static str) -> u32 {
    let mut buckets = limiter.lock().await;
    let bucket = buckets.entry(key.to_string()).or_insert(Bucket { tokens: 2, refills: 0 });
    if bucket.tokens == 0 {
        tokio::time::sleep(Duration::from_millis(2)).await;
        bucket.tokens = 2;
        bucket.refills += 1;
    }
    bucket.tokens -= 1;
    bucket.refills
}

async fn report(limiter: &Mutex<HashMap<String, Bucket>>) -> String {
    let buckets = limiter.lock().await;
    let mut lines: Vec<String> = buckets.iter().map(|(k, b)| format!("{k}: {} left, {} refills", b.tokens, b.refills)).collect();
    lines.sort();
    lines.join("; ")
}

#[tokio::main]
async fn main() {
    let limiter = Arc::new(Mutex::new(HashMap::new()));
    for i in 0..7 {
        let key = if i % 3 == 0 { "bob" } else { "alice" };
        let refills = tokio::spawn(acquire(limiter.clone(), key)).await.unwrap();
        println!("{key}: refills={refills}");
    }
    println!("{}", report(&limiter).await);
    let buckets = limiter.lock().await;
    println!("{} keys", buckets.len());
}
