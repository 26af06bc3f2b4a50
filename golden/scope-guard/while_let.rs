// Tests: a guard made in a `while let` condition lives through the whole
// loop body, so an .await in the body holds it on every iteration. The loop
// becomes `loop { let PAT = EXPR else { break }; .. }`, whose let
// statement ends the guard before the body runs. Covers a VecDeque job
// queue, a RefCell stack owned by the task, and a `while let` whose body
// does not await (left alone).
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn run(job: u32) {
    tokio::time::sleep(Duration::from_millis(job as u64 % 2)).await;
}

async fn dispatcher(queue: Arc<Mutex<VecDeque<u32>>>) {
    loop {
        let Some(job) = queue.lock().unwrap().pop_front() else { break };
        println!("running {job}");
        run(job).await;
    }
}

async fn unwind(frames: Vec<u32>) {
    let stack = RefCell::new(frames);
    loop {
        let Some(frame) = stack.borrow_mut().pop() else { break };
        run(frame).await;
    }
}

async fn drain_sync(queue: Arc<Mutex<VecDeque<u32>>>) -> u32 {
    let mut sum = 0;
    while let Some(job) = queue.lock().unwrap().pop_front() {
        sum += job;
    }
    run(sum).await;
    sum
}

#[tokio::main]
async fn main() {
    let queue = Arc::new(Mutex::new(VecDeque::from(vec![1, 2, 3])));
    tokio::spawn(dispatcher(queue.clone())).await.unwrap();
    tokio::spawn(unwind(vec![4, 5])).await.unwrap();
    tokio::spawn(drain_sync(queue.clone())).await.unwrap();
}
