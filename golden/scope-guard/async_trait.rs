// Tests: #[async_trait] methods. The macro boxes each method's future as
// Pin<Box<dyn Future + Send>>, so a guard held across an await fails even
// though nothing spawns it; scoped. A #[async_trait(?Send)] impl boxes
// without Send: its guard across an await compiles and is left alone.
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[async_trait]
trait Handler {
    async fn handle(&self, event: String) -> usize;
}

#[async_trait(?Send)]
trait LocalHandler {
    async fn handle_local(&self, event: String) -> usize;
}

struct Webhook {
    seen: Mutex<HashMap<String, usize>>,
}

async fn deliver(event: &str) {
    tokio::time::sleep(Duration::from_millis(event.len() as u64 % 2)).await;
}

#[async_trait]
impl Handler for Webhook {
    async fn handle(&self, event: String) -> usize {
        let n = {
            let mut seen = self.seen.lock().unwrap();
            let count = seen.entry(event.clone()).or_insert(0);
            *count += 1;
            let n = *count;
            n
        };
        deliver(&event).await;
        n
    }
}

#[async_trait(?Send)]
impl LocalHandler for Webhook {
    async fn handle_local(&self, event: String) -> usize {
        let seen = self.seen.lock().unwrap();
        deliver(&event).await;
        seen.len()
    }
}

#[tokio::main]
async fn main() {
    let hook = Arc::new(Webhook { seen: Mutex::new(HashMap::new()) });
    let h = hook.clone();
    println!("{}", tokio::spawn(async move { h.handle("push".into()).await }).await.unwrap());
    println!("{}", hook.handle_local("local".into()).await);
}
