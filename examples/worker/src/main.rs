// A small job queue: each worker takes jobs from a shared std::sync::Mutex
// and records results. It does not compile as written: the MutexGuards are
// held across .await in futures given to tokio::spawn.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Queue {
    jobs: Mutex<VecDeque<u64>>,
    done: Mutex<Vec<u64>>,
}

async fn process(job: u64) -> u64 {
    tokio::time::sleep(Duration::from_millis(job)).await;
    job * 2
}

async fn worker(queue: Arc<Queue>) {
    while let Some(job) = queue.jobs.lock().unwrap().pop_front() {
        let result = process(job).await;
        let mut done = queue.done.lock().unwrap();
        done.push(result);
        let total = done.len();
        tokio::task::yield_now().await;
        println!("finished {total} job(s)");
    }
}

#[tokio::main]
async fn main() {
    let queue = Arc::new(Queue {
        jobs: Mutex::new((1..=4).collect()),
        done: Mutex::new(Vec::new()),
    });
    let handle = tokio::spawn(worker(queue.clone()));
    handle.await.unwrap();
    let mut done = queue.done.lock().unwrap().clone();
    done.sort();
    println!("{done:?}");
}
