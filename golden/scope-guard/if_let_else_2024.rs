// Tests (edition 2024: the golden test reads files named *2024* as 2024):
// Rust 2024 drops the temporaries of an `if let` scrutinee before the
// `else` block, and the temporaries of a block's tail expression before
// the end of the block. So a guard in the scrutinee is NOT held across an
// await in the else block (no finding), but still is across an await in
// the then block (hoisted); and a guard in an inner block's tail is not
// held across an await later in the same statement (no finding).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Dns = Arc<Mutex<HashMap<String, String>>>;

async fn resolve(host: &str) -> String {
    tokio::time::sleep(Duration::from_millis(1)).await;
    format!("10.0.0.{}", host.len())
}

// 2024: the guard is gone before the else block runs.
async fn lookup(dns: Dns, host: String) -> String {
    if let Some(addr) = dns.lock().unwrap().get(&host).cloned() {
        addr
    } else {
        resolve(&host).await
    }
}

// The then block awaits: the guard is still alive there in 2024.
async fn refresh(dns: Dns, host: String) {
    let dns_snapshot = dns.lock().unwrap().get(&host).cloned();
    if let Some(old) = dns_snapshot {
        let new = resolve(&host).await;
        println!("{old} -> {new}");
    }
}

// 2024: the temporary guard of the inner block's tail expression dies at
// the end of that block, before the await later in the same statement
// (in 2021 it would live to the end of the `let`, across the await).
async fn total_entries(dns: Dns) -> usize {
    let n = { dns.lock().unwrap().len() } + resolve("count").await.len();
    n
}

#[tokio::main]
async fn main() {
    let dns: Dns = Arc::new(Mutex::new(HashMap::new()));
    println!("{}", tokio::spawn(lookup(dns.clone(), "db".into())).await.unwrap());
    tokio::spawn(refresh(dns.clone(), "db".into())).await.unwrap();
    println!("{}", tokio::spawn(total_entries(dns.clone())).await.unwrap());
}
