// Tests: a guard that is a temporary in the tail of a block given to an
// awaited call (edition 2021: the tail's temporaries live to the end of
// the enclosing statement, across its .await). The value is computed by a
// `let` inside that block; on a line of its own, or on the block's line
// when the block is written on one line. Also: a statement that starts
// with the guard's value (the let and the value's place start at one byte).
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::mpsc;

struct Config {
    timeout: RwLock<Duration>,
    peers: RwLock<Vec<mpsc::Sender<u32>>>,
}

async fn poll(cfg: Arc<Config>) {
    for _ in 0..3 {
        tokio::time::sleep({
            cfg.timeout.read().unwrap().clone()
        })
        .await;
    }
}

async fn pause(cfg: Arc<Config>) {
    tokio::time::sleep({ *cfg.timeout.read().unwrap() }).await;
}

async fn notify(cfg: Arc<Config>) {
    for round in 0..3 {
        cfg.peers.read().unwrap()[0].clone().send(round).await.unwrap();
    }
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(8);
    let cfg = Arc::new(Config { timeout: RwLock::new(Duration::from_millis(1)), peers: RwLock::new(vec![tx]) });
    tokio::spawn(poll(cfg.clone())).await.unwrap();
    tokio::spawn(pause(cfg.clone())).await.unwrap();
    tokio::spawn(notify(cfg)).await.unwrap();
    while let Ok(n) = rx.try_recv() {
        println!("{n}");
    }
}
