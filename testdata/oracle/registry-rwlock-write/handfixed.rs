use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use tokio::sync::mpsc;

type Registry = Arc<RwLock<BTreeMap<String, Vec<String>>>>;

async fn register(registry: Registry, service: &'static str, addr: String, heartbeats: mpsc::Sender<String>) {
    {
        let mut services = registry.write().unwrap();
        services.entry(service.to_string()).or_default().push(addr.clone());
    }
    heartbeats.send(format!("{service}@{addr} up")).await.unwrap();
}

#[tokio::main]
async fn main() {
    let registry: Registry = Arc::default();
    let (tx, mut rx) = mpsc::channel(8);
    let instances = [("billing", "10.1.0.4:7000"), ("search", "10.1.0.9:7100"), ("billing", "10.1.0.5:7000")];
    for (service, addr) in instances {
        tokio::spawn(register(registry.clone(), service, addr.to_string(), tx.clone()))
            .await
            .unwrap();
        println!("heartbeat: {}", rx.recv().await.unwrap());
    }
    for (service, addrs) in registry.read().unwrap().iter() {
        println!("{service} -> {}", addrs.join(", "));
    }
}
