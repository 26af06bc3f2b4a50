// Tests (manual findings, no edit): guards still used after the .await in
// a spawned task. Scoping cannot fix these: the lock really is held across
// the await, so they need an async-aware mutex (tokio::sync::Mutex). Covers
// a write after the await, a read in a log line, the guard passed to a
// function, a RefCell borrow, and an implicit format-string capture.
use std::cell::RefCell;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

struct Ledger {
    balance: Mutex<i64>,
    entries: RwLock<Vec<i64>>,
}

async fn confirm(amount: i64) -> bool {
    tokio::time::sleep(Duration::from_millis(1)).await;
    amount != 0
}

fn audit(entries: &[i64]) -> usize {
    entries.len()
}

async fn debit(l: Arc<Ledger>, amount: i64) {
    let mut balance = l.balance.lock().unwrap();
    if confirm(amount).await {
        *balance -= amount;
    }
}

async fn append(l: Arc<Ledger>, amount: i64) {
    let mut entries = l.entries.write().unwrap();
    entries.push(amount);
    confirm(amount).await;
    println!("{} entries, audited {}", entries.len(), audit(&entries));
}

async fn show(l: Arc<Ledger>) {
    let balance = l.balance.lock().unwrap();
    confirm(1).await;
    println!("balance: {balance}");
}

async fn tally(amounts: Vec<i64>) -> i64 {
    let total = RefCell::new(0);
    let mut t = total.borrow_mut();
    for a in amounts {
        confirm(a).await;
        *t += a;
    }
    *t
}

#[tokio::main]
async fn main() {
    let l = Arc::new(Ledger { balance: Mutex::new(100), entries: RwLock::new(Vec::new()) });
    tokio::spawn(debit(l.clone(), 5)).await.unwrap();
    tokio::spawn(append(l.clone(), 5)).await.unwrap();
    tokio::spawn(show(l.clone())).await.unwrap();
    println!("{}", tokio::spawn(tally(vec![1, 2])).await.unwrap());
}
