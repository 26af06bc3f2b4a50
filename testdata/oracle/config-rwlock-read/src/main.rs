use std::sync::{Arc, RwLock};
use std::time::Duration;

#[derive(Clone, Debug)]
struct Settings {
    upstream: String,
    timeout_ms: u64,
    retries: u32,
}

async fn announce(settings: Arc<RwLock<Settings>>, log: Arc<std::sync::Mutex<Vec<String>>>) {
    let current = settings.read().unwrap();
    log.lock()
        .unwrap()
        .push(format!("proxying to {} (timeout {} ms, {} retries)", current.upstream, current.timeout_ms, current.retries));
    tokio::time::sleep(Duration::from_millis(2)).await;
}

#[tokio::main]
async fn main() {
    let settings = Arc::new(RwLock::new(Settings {
        upstream: "10.0.0.1:8080".to_string(),
        timeout_ms: 250,
        retries: 3,
    }));
    let log = Arc::new(std::sync::Mutex::new(Vec::new()));

    tokio::spawn(announce(settings.clone(), log.clone())).await.unwrap();
    {
        let mut s = settings.write().unwrap();
        s.upstream = "10.0.0.2:8080".to_string();
        s.retries = 5;
    }
    tokio::spawn(announce(settings.clone(), log.clone())).await.unwrap();

    for line in log.lock().unwrap().iter() {
        println!("{line}");
    }
    println!("final: {:?}", settings.read().unwrap());
}
