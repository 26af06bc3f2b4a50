use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

struct Endpoint {
    host: String,
}

struct Config {
    url: String,
    endpoint: Endpoint,
}

struct Client;

impl Client {
    async fn get(&self, url: &str) -> usize {
        tokio::time::sleep(Duration::from_millis(1)).await;
        url.len()
    }
}

async fn fetch(cfg: Arc<RwLock<Config>>, client: Arc<Client>) -> usize {
    let url = {
        let c = cfg.read().unwrap();
        c.url.clone()
    };
    client.get(&url).await
}

async fn host(cfg: Arc<Mutex<Config>>, client: Arc<Client>) -> usize {
    let host2 = {
        let c = cfg.lock().unwrap();
        c.endpoint.host.clone()
    };
    client.get(&host2).await + 1
}

fn config() -> Config {
    Config { url: "https://example.org".into(), endpoint: Endpoint { host: "example.org".into() } }
}

#[tokio::main]
async fn main() {
    let client = Arc::new(Client);
    let a = tokio::spawn(fetch(Arc::new(RwLock::new(config())), client.clone())).await.unwrap();
    let b = tokio::spawn(host(Arc::new(Mutex::new(config())), client)).await.unwrap();
    println!("{a} {b}");
}
