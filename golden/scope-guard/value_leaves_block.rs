// Tests: values computed while the guard is held and used after the
// .await leave the new block as its value: `let n = { ..; q.len() };`.
// Covers an inline let (the last statement defines the value), a value
// defined before other locked statements, a `let mut` value mutated after
// the await, and a type annotation that must be kept.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Scheduler {
    queue: Mutex<VecDeque<String>>,
    done: Mutex<u64>,
}

async fn tick() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

async fn backlog(s: Arc<Scheduler>) -> usize {
    let depth = {
        let queue = s.queue.lock().unwrap();
        queue.len()
    };
    tick().await;
    depth
}

async fn take_batch(s: Arc<Scheduler>) -> Vec<String> {
    let mut batch = {
        let mut queue = s.queue.lock().unwrap();
        let batch: Vec<String> = queue.drain(..).collect();
        queue.shrink_to_fit();
        batch
    };
    tick().await;
    batch.push("sentinel".to_string());
    batch
}

async fn progress(s: Arc<Scheduler>) {
    let total: u64 = {
        let mut done = s.done.lock().unwrap();
        *done += 1;
        *done
    };
    tick().await;
    println!("{total} jobs done");
}

#[tokio::main]
async fn main() {
    let s = Arc::new(Scheduler {
        queue: Mutex::new(VecDeque::from(vec!["a".to_string()])),
        done: Mutex::new(0),
    });
    println!("{}", tokio::spawn(backlog(s.clone())).await.unwrap());
    println!("{:?}", tokio::spawn(take_batch(s.clone())).await.unwrap());
    tokio::spawn(progress(s.clone())).await.unwrap();
}
