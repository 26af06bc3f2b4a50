// An async fn that re-schedules itself by spawning a task that awaits a
// recursive call (tokio-rs/tokio#7181), a method doing the same through
// self, and one whose unused parameter keeps it from the rewrite.
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

async fn schedule_tick(remaining: u32, tx: mpsc::UnboundedSender<String>) {
    if remaining == 0 {
        tx.send("done".to_string()).unwrap();
        return;
    }
    let _ = tokio::task::spawn(async move {
        tokio::time::sleep(Duration::from_millis(2)).await;
        tx.send(format!("tick {remaining}")).unwrap();
        let msg = "multi
  line";
        assert!(msg.len() > 4);
        schedule_tick(remaining - 1, tx).await;
    });
}

struct Crawler {
    tx: mpsc::UnboundedSender<String>,
}

impl Crawler {
    async fn crawl(self: Arc<Self>, depth: u32) -> u32 {
        if depth > 0 {
            let me = self.clone();
            tokio::spawn(async move { me.crawl(depth - 1).await });
        }
        self.tx.send(format!("crawl {depth}")).unwrap();
        depth
    }
}

async fn hold(n: u32, _permit: OwnedSemaphorePermit, sem: Arc<Semaphore>) {
    if n > 0 {
        let permit = sem.clone().acquire_owned().await.unwrap();
        tokio::spawn(hold(n - 1, permit, sem));
    }
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    schedule_tick(3, tx.clone()).await;
    Arc::new(Crawler { tx }).crawl(2).await;
    let sem = Arc::new(Semaphore::new(4));
    let permit = sem.clone().acquire_owned().await.unwrap();
    hold(2, permit, sem).await;
    let mut got = Vec::new();
    while let Some(msg) = rx.recv().await {
        got.push(msg);
    }
    got.sort();
    println!("{got:?}");
}
