// A guard's field borrowed by the awaiting statement: when this file
// declares the field's type and it is a String, a number or a container of
// them, the field is cloned before the await and the guard's scope ends
// there. Otherwise (a type declared elsewhere, a type whose clone may be
// more than a copy, a &mut borrow) it is left as a manual finding.
use std::sync::{Arc, Mutex, RwLock};

pub struct Endpoint {
    pub host: String,
}

pub struct Config {
    pub url: String,
    pub ports: Vec<u16>,
    pub endpoint: Endpoint,
    pub conn: Connection,
}

pub struct Connection;

pub struct Client;

impl Client {
    pub async fn get(&self, url: &str) -> usize {
        url.len()
    }
    pub async fn ports(&self, ports: &[u16]) -> usize {
        ports.len()
    }
    pub async fn use_conn(&self, _c: &Connection) {}
    pub async fn set(&self, s: &mut String) {
        s.push('!');
    }
}

pub async fn fetch(cfg: Arc<RwLock<Config>>, client: Arc<Client>) -> usize {
    let c = cfg.read().unwrap();
    client.get(&c.url).await
}

pub async fn nested(cfg: Arc<Mutex<Config>>, client: Arc<Client>) -> usize {
    let c = cfg.lock().unwrap();
    client.get(&c.endpoint.host).await + 1
}

pub async fn ports(cfg: &RwLock<Config>, client: &Client) -> usize {
    let c = cfg.read().unwrap();
    client.ports(&c.ports).await
}

pub async fn connection(cfg: Arc<RwLock<Config>>, client: Arc<Client>) {
    let c = cfg.read().unwrap();
    client.use_conn(&c.conn).await
}

pub async fn mutable(cfg: Arc<Mutex<Config>>, client: Arc<Client>) {
    let mut c = cfg.lock().unwrap();
    client.set(&mut c.url).await
}

pub async fn foreign(cfg: Arc<RwLock<other::Settings>>, client: Arc<Client>) -> usize {
    let c = cfg.read().unwrap();
    client.get(&c.url).await
}

pub struct Service {
    config: RwLock<Config>,
    client: Client,
}

impl Service {
    pub async fn call(&self) -> usize {
        let c = self.config.read().unwrap();
        self.client.get(&c.url).await
    }
}

mod other {
    pub struct Settings {
        pub url: String,
    }
}

fn main() {
    let cfg = Arc::new(RwLock::new(Config { url: "u".into(), ports: vec![1], endpoint: Endpoint { host: "h".into() }, conn: Connection }));
    tokio::spawn(fetch(cfg.clone(), Arc::new(Client)));
    tokio::spawn(connection(cfg, Arc::new(Client)));
}
