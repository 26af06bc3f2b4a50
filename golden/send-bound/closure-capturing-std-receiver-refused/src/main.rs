// choir#2 shape: a `Box<dyn FnOnce() + Send>` inside an `Arc<Task>` that a
// worker thread takes: the Arc needs the task Sync, so the object would need
// `+ Sync`; but a closure given for it captures a std mpsc Receiver, which
// is never Sync. Reported, not edited (the bound would break that closure).
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

struct Task {
    fun: Box<dyn FnOnce() -> u32 + Send + 'static>,
}

fn add_task(fun: impl FnOnce() -> u32 + Send + 'static) -> Arc<Task> {
    Arc::new(Task { fun: Box::new(fun) })
}

fn main() {
    let (tx, rx) = mpsc::channel::<u32>();
    tx.send(20).unwrap();
    tx.send(22).unwrap();
    let queue: Arc<Mutex<Vec<Arc<Task>>>> = Arc::new(Mutex::new(vec![add_task(move || rx.try_iter().sum())]));
    let q = Arc::clone(&queue);
    let worker = thread::spawn(move || {
        let task = q.lock().unwrap().pop().unwrap();
        match Arc::try_unwrap(task) {
            Ok(task) => (task.fun)(),
            Err(_) => 0,
        }
    });
    println!("{}", worker.join().unwrap());
}
