use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Hub {
    subscribers: Mutex<Vec<String>>,
}

impl Hub {
    fn count(&self) -> usize {
        self.subscribers.lock().unwrap().len()
    }
}

impl fmt::Display for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.count();
        write!(f, "hub with {n} subscriber(s)")
    }
}

async fn deliver(to: &str, msg: &str) {
    tokio::time::sleep(Duration::from_millis(1)).await;
    println!("{to} <- {msg}");
}

async fn broadcast(hub: Arc<Hub>, msg: &'static str) -> usize {
    let subs = hub.subscribers.lock().unwrap();
    for s in subs.iter() {
        deliver(s, msg).await;
    }
    subs.len()
}

#[tokio::main]
async fn main() {
    let hub = Arc::new(Hub { subscribers: Mutex::new(vec!["ann".to_string(), "bob".to_string()]) });
    let n = tokio::spawn(broadcast(hub.clone(), "hello")).await.unwrap();
    println!("{n} delivered; {hub}");
}
