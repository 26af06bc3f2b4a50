// Tests: a guard that is only a temporary inside the awaiting statement
// lives until that statement ends, across its .await. The owned value
// taken from it is computed by a `let` before the statement. Covers a
// clone sent on a channel, a length, a copied number inside a nested call,
// and a `?` after the await.
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

struct Feed {
    latest: Mutex<Vec<f64>>,
    delay_ms: Mutex<u64>,
}

async fn log_len(n: usize) {
    tokio::time::sleep(Duration::from_millis(n as u64 % 2)).await;
}

async fn publish(feed: Arc<Feed>, tx: mpsc::Sender<Vec<f64>>) -> Result<(), mpsc::error::SendError<Vec<f64>>> {
    let latest_snapshot = feed.latest.lock().unwrap().clone();
    tx.send(latest_snapshot).await?;
    let latest_len = feed.latest.lock().unwrap().len();
    log_len(latest_len).await;
    let delay_ms_value = *feed.delay_ms.lock().unwrap();
    tokio::time::sleep(Duration::from_millis(delay_ms_value)).await;
    Ok(())
}

#[tokio::main]
async fn main() {
    let feed = Arc::new(Feed { latest: Mutex::new(vec![1.5, 2.5]), delay_ms: Mutex::new(1) });
    let (tx, mut rx) = mpsc::channel(4);
    tokio::spawn(publish(feed.clone(), tx)).await.unwrap().unwrap();
    println!("{:?}", rx.recv().await);
}
