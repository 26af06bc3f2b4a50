use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use tokio::sync::mpsc;

#[async_trait]
trait WebhookHandler {
    async fn handle(&self, event: &str, payload: &str) -> u16;
}

struct DeliveryLog {
    seen: Mutex<Vec<String>>,
    outbox: mpsc::Sender<String>,
}

#[async_trait]
impl WebhookHandler for DeliveryLog {
    async fn handle(&self, event: &str, payload: &str) -> u16 {
        let mut seen = self.seen.lock().unwrap();
        let duplicate = seen.iter().any(|p| p == payload);
        if !duplicate {
            seen.push(payload.to_string());
        }
        self.outbox.send(format!("{event}:{payload}")).await.unwrap();
        if duplicate { 409 } else { 202 }
    }
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(16);
    let handler: Arc<dyn WebhookHandler + Send + Sync> = Arc::new(DeliveryLog { seen: Mutex::new(Vec::new()), outbox: tx });
    for (event, payload) in [("push", "abc123"), ("push", "def456"), ("push", "abc123"), ("tag", "v1.0")] {
        let h = handler.clone();
        let status = tokio::spawn(async move { h.handle(event, payload).await }).await.unwrap();
        println!("{event} {payload} -> {status} (outbox: {})", rx.recv().await.unwrap());
    }
}
