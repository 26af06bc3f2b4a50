// Loops over a std mpsc Receiver (Send, but not Sync) that await in a
// spawned task: the Iter borrows the Receiver across the await
// (rust-lang/rust#95412). A tokio Receiver and a loop that does not await
// are left alone.
use std::sync::mpsc;
use tokio::sync::mpsc as tmpsc;
use tokio::time::{sleep, Duration};

async fn forward(ev: u32, out: &tmpsc::Sender<String>) {
    sleep(Duration::from_millis(1)).await;
    out.send(format!("ev{ev}")).await.unwrap();
}

async fn pump_iter(rx: mpsc::Receiver<u32>, out: tmpsc::Sender<String>) {
    'events: for ev in rx.iter() {
        if ev == 99 {
            break 'events;
        }
        forward(ev, &out).await;
    }
}

async fn pump_ref(rx: std::sync::mpsc::Receiver<u32>, out: tmpsc::Sender<String>) {
    for ev in &rx {
        forward(ev * 10, &out).await;
    }
}

async fn count(rx: mpsc::Receiver<u32>) -> usize {
    rx.iter().count()
}

fn spawn_drain(rx: mpsc::Receiver<u32>, out: tmpsc::Sender<String>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        for ev in rx.try_iter() {
            forward(ev * 100, &out).await;
        }
    })
}

#[tokio::main]
async fn main() {
    let (otx, mut orx) = tmpsc::channel(64);
    let (tx, rx) = mpsc::channel();
    let (tx2, rx2) = mpsc::channel();
    let (tx3, rx3) = mpsc::sync_channel(8);
    let (tx4, rx4) = mpsc::channel();
    for i in 1..=3 {
        tx.send(i).unwrap();
        tx2.send(i).unwrap();
        tx3.send(i).unwrap();
        tx4.send(i).unwrap();
    }
    drop((tx, tx2, tx4));
    tokio::spawn(pump_iter(rx, otx.clone())).await.unwrap();
    tokio::spawn(pump_ref(rx2, otx.clone())).await.unwrap();
    spawn_drain(rx3, otx.clone()).await.unwrap();
    drop(tx3);
    let n = tokio::spawn(count(rx4)).await.unwrap();
    drop(otx);
    while let Some(l) = orx.recv().await {
        println!("{l}");
    }
    println!("counted {n}");
}
