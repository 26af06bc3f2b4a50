use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

async fn count(requests: Arc<Mutex<u64>>, log: mpsc::Sender<String>) {
    let mut n = requests.lock().unwrap();
    *n += 1;
    let line = format!("{}: request #{}", shared::service(), *n);
    log.send(line).await.unwrap();
}

#[tokio::main]
async fn main() {
    let requests = Arc::new(Mutex::new(0));
    let (tx, mut rx) = mpsc::channel(4);
    tokio::spawn(count(requests.clone(), tx)).await.unwrap();
    println!("{}", rx.recv().await.unwrap());
}
