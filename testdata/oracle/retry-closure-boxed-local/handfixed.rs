// Shape: a retrying `transact` helper is generic over the closure's future type;
// the caller boxes the per-attempt future with `FutureExt::boxed_local()`
// (LocalBoxFuture, !Send) inside a task given to tokio::spawn.
// Source: https://github.com/Clikengo/foundationdb-rs/issues/158
use futures::future::FutureExt;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
struct Transaction {
    store: Arc<Mutex<BTreeMap<String, i64>>>,
    attempt: u32,
}

impl Transaction {
    async fn get(&self, key: &str) -> i64 {
        tokio::time::sleep(Duration::from_millis(1)).await;
        *self.store.lock().unwrap().get(key).unwrap_or(&0)
    }
    fn set(&self, key: &str, v: i64) {
        self.store.lock().unwrap().insert(key.to_string(), v);
    }
}

struct Database {
    store: Arc<Mutex<BTreeMap<String, i64>>>,
}

impl Database {
    async fn transact<F, Fut, T>(&self, mut f: F, max_retries: u32) -> Result<T, String>
    where
        F: FnMut(Transaction) -> Fut,
        Fut: Future<Output = Result<T, String>>,
    {
        let mut attempt = 0;
        loop {
            let trx = Transaction { store: self.store.clone(), attempt };
            match f(trx).await {
                Ok(v) => return Ok(v),
                Err(e) if attempt < max_retries => {
                    println!("retrying after: {e}");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

async fn transfer(trx: Transaction, amount: i64) -> Result<i64, String> {
    if trx.attempt == 0 {
        return Err("transaction_too_old".into());
    }
    let a = trx.get("alice").await;
    let b = trx.get("bob").await;
    trx.set("alice", a - amount);
    trx.set("bob", b + amount);
    Ok(b + amount)
}

#[tokio::main]
async fn main() {
    let mut init = BTreeMap::new();
    init.insert("alice".to_string(), 100);
    init.insert("bob".to_string(), 5);
    let db = Arc::new(Database { store: Arc::new(Mutex::new(init)) });

    let adb = db.clone();
    let h = tokio::spawn(async move {
        adb.transact(|trx| transfer(trx, 30).boxed(), 3).await
    });
    let bob = h.await.unwrap().expect("failed to transact");
    println!("bob now has {bob}");
    println!("final: {:?}", db.store.lock().unwrap());
}
