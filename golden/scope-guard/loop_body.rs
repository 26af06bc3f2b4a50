// Tests: guards inside loop bodies. A guard bound by `let` inside a `loop`,
// `while` or `for` body and last used before the body's await is scoped
// within the body. A guard bound before the loop and used inside it after
// an await in an earlier iteration is used after the await in rustc's
// order: manual finding, no edit.
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Health {
    failures: Mutex<u32>,
    targets: Mutex<Vec<String>>,
}

async fn probe(target: &str) -> bool {
    tokio::time::sleep(Duration::from_millis(1)).await;
    !target.is_empty()
}

async fn poller(h: Arc<Health>) {
    let mut rounds = 0;
    while rounds < 3 {
        let first = {
            let targets = h.targets.lock().unwrap();
            targets.first().cloned().unwrap_or_default()
        };
        rounds += 1;
        if !probe(&first).await {
            *h.failures.lock().unwrap() += 1;
        }
    }
}

async fn sweep(h: Arc<Health>) {
    for i in 0..3u32 {
        {
            let mut failures = h.failures.lock().unwrap();
            *failures = failures.saturating_sub(i);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    loop {
        {
            let f = h.failures.lock().unwrap();
            if *f == 0 {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
        *h.failures.lock().unwrap() = 0;
    }
}

async fn count_down(h: Arc<Health>) {
    let mut failures = h.failures.lock().unwrap();
    for _ in 0..2 {
        *failures += 1;
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[tokio::main]
async fn main() {
    let h = Arc::new(Health { failures: Mutex::new(0), targets: Mutex::new(vec!["db".into()]) });
    tokio::spawn(poller(h.clone())).await.unwrap();
    tokio::spawn(sweep(h.clone())).await.unwrap();
    tokio::spawn(count_down(h.clone())).await.unwrap();
}
