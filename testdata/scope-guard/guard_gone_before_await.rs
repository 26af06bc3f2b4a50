// Tests: guards rustc accepts across the await, left alone: one dropped at
// once by `let _ =`, one moved (never borrowed) into a fn that takes it by
// value, as a statement or bound to what the fn returns (an owned usize). A guard moved after a borrow is still held (rustc rejects it), and
// one moved into a vector declared before it lives on in it: no block
// ends it (reported).
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

struct Queue {
    done: Vec<u32>,
}

fn finish_batch(mut q: MutexGuard<'_, Queue>, batch: &[u32]) {
    q.done.extend_from_slice(batch);
}

async fn worker(queue: Arc<Mutex<Queue>>, batch: Vec<u32>) {
    #[allow(let_underscore_lock)]
    let _ = queue.lock();
    tokio::time::sleep(Duration::from_millis(1)).await;
    let q = queue.lock().unwrap();
    finish_batch(q, &batch);
    tokio::time::sleep(Duration::from_millis(1)).await;
}

fn take(q: MutexGuard<'_, Queue>) -> usize {
    q.done.len()
}

async fn count(queue: Arc<Mutex<Queue>>) -> usize {
    let q = queue.lock().unwrap();
    let n = take(q);
    tokio::time::sleep(Duration::from_millis(1)).await;
    n
}

async fn borrowed_first(queue: Arc<Mutex<Queue>>, batch: Vec<u32>) -> usize {
    let q = queue.lock().unwrap();
    let n = q.done.len();
    finish_batch(q, &batch);
    tokio::time::sleep(Duration::from_millis(1)).await;
    n
}

async fn hold(queue: Arc<Mutex<Queue>>) -> usize {
    let mut held: Vec<MutexGuard<'_, Queue>> = Vec::new();
    let q = queue.lock().unwrap();
    held.push(q);
    tokio::time::sleep(Duration::from_millis(1)).await;
    held.len()
}

#[tokio::main]
async fn main() {
    let queue = Arc::new(Mutex::new(Queue { done: vec![] }));
    tokio::spawn(worker(queue.clone(), vec![1, 2])).await.unwrap();
    println!("{}", tokio::spawn(count(queue.clone())).await.unwrap());
    let n = tokio::spawn(borrowed_first(queue.clone(), vec![3])).await.unwrap();
    println!("{n} {:?}", queue.lock().unwrap().done);
    println!("{}", tokio::spawn(hold(queue.clone())).await.unwrap());
}
