use std::sync::{Arc, Mutex};

async fn io() {}

struct Jobs {
    queue: Mutex<Vec<u32>>,
    done: Mutex<Vec<u32>>,
}

async fn take(jobs: Arc<Jobs>) -> Option<u32> {
    let mut q = jobs.queue.lock().unwrap();
    io().await;
    q.pop()
}

async fn finish(jobs: Arc<Jobs>, id: u32) -> usize {
    let mut done = jobs.done.lock().unwrap();
    io().await;
    done.push(id);
    done.len()
}

#[tokio::main]
async fn main() {
    let jobs = Arc::new(Jobs { queue: Mutex::new(vec![1, 2]), done: Mutex::new(Vec::new()) });
    let id = tokio::spawn(take(jobs.clone())).await.unwrap().unwrap();
    let n = tokio::spawn(finish(jobs.clone(), id)).await.unwrap();
    println!("{id} {n}");
}
