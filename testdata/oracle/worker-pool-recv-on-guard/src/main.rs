use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

// The Rust-book thread pool, ported to tokio: workers share one receiver.
async fn worker(id: usize, rx: Arc<Mutex<mpsc::Receiver<u32>>>, out: mpsc::Sender<(usize, u32)>) {
    loop {
        let job = rx.lock().unwrap().recv().await;
        match job {
            Some(n) => out.send((id, n * n)).await.unwrap(),
            None => break,
        }
    }
}

#[tokio::main]
async fn main() {
    let (tx, rx) = mpsc::channel::<u32>(16);
    let rx = Arc::new(Mutex::new(rx));
    let (out_tx, mut out_rx) = mpsc::channel(16);
    let mut handles = Vec::new();
    for id in 0..2 {
        handles.push(tokio::spawn(worker(id, rx.clone(), out_tx.clone())));
    }
    drop(out_tx);
    for n in 1..=4 {
        tx.send(n).await.unwrap();
    }
    drop(tx);
    let mut results = Vec::new();
    while let Some((_, sq)) = out_rx.recv().await {
        results.push(sq);
    }
    for h in handles {
        h.await.unwrap();
    }
    results.sort();
    println!("{results:?}");
}
