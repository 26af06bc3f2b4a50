// Shape: guard taken at top of loop body, used with `continue`/`break`, then await later in the body.
// Sources: https://github.com/rust-lang/rust/issues/151942 , https://github.com/rust-lang/rust/issues/110956
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::time::{sleep, Duration};

#[derive(Debug, Clone)]
struct Job {
    id: u32,
    attempts: u32,
}

struct Queue {
    jobs: VecDeque<Job>,
    skipped: Vec<u32>,
}

async fn work(job: &Job) -> String {
    sleep(Duration::from_millis(1)).await;
    format!("job{}@{}", job.id, job.attempts)
}

async fn worker(queue: Arc<Mutex<Queue>>, out: Arc<Mutex<Vec<String>>>) {
    loop {
        let mut q = queue.lock().unwrap();
        let mut job = match q.jobs.pop_front() {
            Some(j) => j,
            None => break,
        };
        if job.id % 3 == 0 && job.attempts == 0 {
            job.attempts += 1;
            q.jobs.push_back(job);
            continue;
        }
        if job.id == 4 {
            q.skipped.push(job.id);
            continue;
        }
        let remaining = q.jobs.len();
        let line = work(&job).await;
        out.lock().unwrap().push(format!("{line} remaining={remaining}"));
    }
}

#[tokio::main]
async fn main() {
    let jobs = (1..=7).map(|id| Job { id, attempts: 0 }).collect();
    let queue = Arc::new(Mutex::new(Queue { jobs, skipped: vec![] }));
    let out = Arc::new(Mutex::new(Vec::new()));
    let h = tokio::spawn(worker(queue.clone(), out.clone()));
    h.await.unwrap();
    for l in out.lock().unwrap().iter() {
        println!("{l}");
    }
    println!("skipped={:?}", queue.lock().unwrap().skipped);
}
