use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

async fn dispatch(queue: Arc<Mutex<VecDeque<(u32, &'static str)>>>, workers: mpsc::Sender<String>) -> u32 {
    let mut dispatched = 0;
    while let Some((id, kind)) = queue.lock().unwrap().pop_front() {
        workers.send(format!("task {id} ({kind}) -> worker {}", id % 2)).await.unwrap();
        dispatched += 1;
    }
    dispatched
}

#[tokio::main]
async fn main() {
    let queue = Arc::new(Mutex::new(VecDeque::from([(1, "thumbnail"), (2, "transcode"), (3, "thumbnail"), (4, "ocr")])));
    let (tx, mut rx) = mpsc::channel(16);
    let n = tokio::spawn(dispatch(queue.clone(), tx)).await.unwrap();
    while let Some(line) = rx.recv().await {
        println!("{line}");
    }
    println!("dispatched {n}, left {}", queue.lock().unwrap().len());
}
