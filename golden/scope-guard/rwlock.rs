// Tests: std::sync::RwLock read and write guards bound by `let` in spawned
// tasks, last used before an .await. A read guard whose derived value (an
// owned String) is used after the await: the value leaves the block as its
// value. A write guard that is only written: plain block. A poisoned lock
// recovered with `unwrap_or_else(PoisonError::into_inner)`.
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

struct Config {
    endpoint: String,
    retries: u32,
}

struct Registry {
    config: RwLock<Config>,
    instances: RwLock<HashMap<String, String>>,
}

async fn fetch(url: &str, retries: u32) -> usize {
    tokio::time::sleep(Duration::from_millis(1)).await;
    url.len() + retries as usize
}

async fn heartbeat() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

async fn refresh(reg: Arc<Registry>) -> usize {
    let url = {
        let cfg = reg.config.read().unwrap();
        format!("{}/refresh", cfg.endpoint)
    };
    fetch(&url, 3).await
}

async fn register(reg: Arc<Registry>, name: String, addr: String) {
    {
        let mut instances = reg.instances.write().unwrap();
        instances.insert(name, addr);
    }
    heartbeat().await;
}

async fn bump_retries(reg: Arc<Registry>) {
    {
        let mut cfg = reg.config.write().unwrap_or_else(PoisonError::into_inner);
        cfg.retries += 1;
    }
    heartbeat().await;
}

#[tokio::main]
async fn main() {
    let reg = Arc::new(Registry {
        config: RwLock::new(Config { endpoint: "http://localhost".into(), retries: 1 }),
        instances: RwLock::new(HashMap::new()),
    });
    let n = tokio::spawn(refresh(reg.clone())).await.unwrap();
    tokio::spawn(register(reg.clone(), "api".into(), "10.0.0.1:80".into())).await.unwrap();
    tokio::spawn(bump_retries(reg.clone())).await.unwrap();
    println!("{n}");
}
