// Tests: std::sync::Mutex guards bound by `let` inside futures given to
// tokio::spawn, used before an .await and never after it. Each guard's
// scope must end before the await: the statements from the `let` to the
// guard's last use move into a block. Covers `.unwrap()`, `.expect(..)`,
// a guard only held for mutual exclusion (`_guard`), and `let mut`.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Default)]
struct Counters {
    hits: Mutex<u64>,
    by_route: Mutex<HashMap<String, u64>>,
    audit: Mutex<Vec<String>>,
}

async fn flush_metrics() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

async fn record_hit(counters: Arc<Counters>) {
    {
        let mut hits = counters.hits.lock().unwrap();
        *hits += 1;
    }
    flush_metrics().await;
}

async fn record_route(counters: Arc<Counters>, route: String) {
    {
        let mut routes = counters.by_route.lock().expect("route table poisoned");
        *routes.entry(route).or_insert(0) += 1;
        routes.retain(|_, n| *n > 0);
    }
    flush_metrics().await;
    println!("route recorded");
}

async fn append_audit(counters: Arc<Counters>, line: String) {
    // The guard is never read: it serialises the two pushes below.
    {
        let _guard = counters.hits.lock().unwrap();
        counters.audit.lock().unwrap().push(line.clone());
        counters.audit.lock().unwrap().push(format!("{line} (done)"));
    }
    flush_metrics().await;
}

#[tokio::main]
async fn main() {
    let counters = Arc::new(Counters::default());
    tokio::spawn(record_hit(counters.clone())).await.unwrap();
    tokio::spawn(record_route(counters.clone(), "/health".to_string())).await.unwrap();
    tokio::spawn(append_audit(counters.clone(), "login".to_string())).await.unwrap();
    println!("hits: {}", counters.hits.lock().unwrap());
}
