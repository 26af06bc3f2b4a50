use std::ops::Deref;
use std::sync::Mutex;

pub struct Counter {
    inner: Mutex<u32>,
}

pub struct Log {
    inner: Mutex<Vec<String>>,
}

fn make() -> &'static Log {
    Box::leak(Box::new(Log { inner: Mutex::new(Vec::new()) }))
}

async fn persist() {}

impl Counter {
    async fn add(&self) -> u32 {
        let mut n = self.inner.lock().unwrap();
        persist().await;
        *n += 1;
        *n
    }
}

// The type of `log` is a type parameter: its `inner` could be either.
async fn record<L: Deref<Target = Log>>(log: L, line: &str) {
    let mut lines = log.inner.lock().unwrap();
    persist().await;
    lines.push(line.to_string());
}

#[tokio::main]
async fn main() {
    let c: &'static Counter = Box::leak(Box::new(Counter { inner: Mutex::new(0) }));
    tokio::spawn(c.add()).await.unwrap();
    tokio::spawn(record(make(), "x")).await.unwrap();
}
