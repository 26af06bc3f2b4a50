use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct JobQueue {
    pending: Mutex<VecDeque<String>>,
    done: Mutex<Vec<String>>,
}

async fn run_next(queue: Arc<JobQueue>) -> bool {
    if let Some(job) = queue.pending.lock().unwrap().pop_front() {
        tokio::time::sleep(Duration::from_millis(1)).await;
        queue.done.lock().unwrap().push(format!("{job}: ok"));
        true
    } else {
        false
    }
}

#[tokio::main]
async fn main() {
    let queue = Arc::new(JobQueue {
        pending: Mutex::new(VecDeque::from(["compact-logs".to_string(), "rotate-keys".to_string()])),
        done: Mutex::new(Vec::new()),
    });
    let mut runs = 0;
    while tokio::spawn(run_next(queue.clone())).await.unwrap() {
        runs += 1;
    }
    println!("ran {runs} jobs");
    for line in queue.done.lock().unwrap().iter() {
        println!("{line}");
    }
}
