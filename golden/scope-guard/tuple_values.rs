// Tests: several values computed under one guard and used after the
// .await leave the block together as a tuple, in definition order, with
// `mut` kept for those mutated later and dropped for the others, and
// values from a destructuring `let`. One
// function (`drain`) is refused: its value comes from a call sendfix
// cannot prove owned.
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Default)]
struct Latency {
    samples: Vec<u64>,
    max: u64,
}

async fn publish(name: &str, v: u64) {
    tokio::time::sleep(Duration::from_millis(v % 2)).await;
    println!("{name}={v}");
}

async fn report(stats: Arc<Mutex<Latency>>) {
    let (count, mean, max) = {
        let s = stats.lock().unwrap();
        let count = s.samples.len() as u64;
        let mean = s.samples.iter().sum::<u64>() / count.max(1);
        let max = s.max;
        (count, mean, max)
    };
    publish("count", count).await;
    publish("mean", mean).await;
    publish("max", max).await;
}

async fn summary(stats: Arc<Mutex<Latency>>) -> String {
    let s = stats.lock().unwrap();
    let mut labels: Vec<String> = s.samples.iter().map(|v| format!("{v}us")).collect();
    let (lo, hi) = (s.samples.iter().copied().min().unwrap_or(0), s.max);
    let unused_inside = labels.len();
    println!("{unused_inside} labels");
    publish("range", hi - lo).await;
    labels.push(format!("max={hi}"));
    labels.join(",")
}

// `std::mem::take` returns an owned Vec, but sendfix cannot see that.
async fn drain(stats: Arc<Mutex<Latency>>) -> (Vec<u64>, u64) {
    let (mut taken, lo, hi) = {
        let mut s = stats.lock().unwrap();
        let mut taken = std::mem::take(&mut s.samples);
        let (lo, hi) = (taken.first().copied().unwrap_or(0), s.max);
        s.max = 0;
        (taken, lo, hi)
    };
    publish("drained", hi - lo.min(hi)).await;
    taken.sort();
    (taken, hi)
}

#[tokio::main]
async fn main() {
    let stats = Arc::new(Mutex::new(Latency { samples: vec![3, 5, 9], max: 9 }));
    tokio::spawn(report(stats.clone())).await.unwrap();
    println!("{}", tokio::spawn(summary(stats.clone())).await.unwrap());
    println!("{:?}", tokio::spawn(drain(stats.clone())).await.unwrap());
}
