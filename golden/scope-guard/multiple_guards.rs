// Tests: two guards in one body. Both last used before the await: one
// block holds both (their critical sections overlap). Interleaved
// (`snapshot`): the first guard's last use comes before the second lock is
// taken, but in the original both locks are held together while the second
// value is read, so the pair (checking, savings) is read atomically with
// respect to `transfer`, which takes both. Separate blocks would release
// the first lock before the second is taken and let a transfer run in
// between; keeping both in one block keeps the snapshot consistent.
// A guard of one mutex and a temporary of another in the awaiting
// statement: one block, one hoisted value.
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Accounts {
    checking: Mutex<i64>,
    savings: Mutex<i64>,
}

async fn audit_log(total: i64) {
    tokio::time::sleep(Duration::from_millis(total as u64 % 2)).await;
}

async fn transfer(a: Arc<Accounts>, amount: i64) {
    let total = {
        let mut from = a.checking.lock().unwrap();
        let mut to = a.savings.lock().unwrap();
        *from -= amount;
        *to += amount;
        *from + *to
    };
    audit_log(total).await;
}

async fn snapshot(a: Arc<Accounts>) -> (i64, i64) {
    let (checking, savings) = {
        let c = a.checking.lock().unwrap();
        let checking = *c;
        let s = a.savings.lock().unwrap();
        let savings = *s;
        (checking, savings)
    };
    audit_log(checking + savings).await;
    (checking, savings)
}

async fn interest(a: Arc<Accounts>) {
    {
        let mut s = a.savings.lock().unwrap();
        *s += *s / 100;
    }
    let checking_value = *a.checking.lock().unwrap();
    audit_log(checking_value).await;
}

#[tokio::main]
async fn main() {
    let a = Arc::new(Accounts { checking: Mutex::new(100), savings: Mutex::new(50) });
    tokio::spawn(transfer(a.clone(), 10)).await.unwrap();
    println!("{:?}", tokio::spawn(snapshot(a.clone())).await.unwrap());
    tokio::spawn(interest(a.clone())).await.unwrap();
}
