use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn fraud_check(account: &str, amount: i64) -> bool {
    tokio::time::sleep(Duration::from_millis(1)).await;
    amount < 10_000 || account.starts_with("corp-")
}

async fn transfer(ledger: Arc<Mutex<BTreeMap<String, i64>>>, from: &'static str, to: &'static str, amount: i64) -> bool {
    let mut balances = ledger.lock().unwrap();
    if balances.get(from).copied().unwrap_or(0) < amount {
        return false;
    }
    if !fraud_check(from, amount).await {
        return false;
    }
    *balances.entry(from.to_string()).or_insert(0) -= amount;
    *balances.entry(to.to_string()).or_insert(0) += amount;
    true
}

#[tokio::main]
async fn main() {
    let ledger = Arc::new(Mutex::new(BTreeMap::from([("alice".to_string(), 500), ("corp-acme".to_string(), 50_000)])));
    for (from, to, amount) in [("alice", "bob", 200), ("alice", "bob", 400), ("corp-acme", "alice", 20_000)] {
        let ok = tokio::spawn(transfer(ledger.clone(), from, to, amount)).await.unwrap();
        println!("{from} -> {to} {amount}: {ok}");
    }
    println!("{:?}", ledger.lock().unwrap());
}
