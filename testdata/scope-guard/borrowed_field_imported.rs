// The file declares a `Config` and also imports another type under that
// name: which one a function means is not certain from this file alone, so
// no borrowed field of either is cloned (manual findings).
use std::sync::RwLock;

pub struct Config {
    pub url: String,
}

pub struct Client;

impl Client {
    pub async fn get(&self, url: &str) -> usize {
        url.len()
    }
}

mod other {
    pub struct Settings {
        pub url: std::rc::Rc<str>,
    }
}

mod imported {
    use super::other::Settings as Config;
    use std::sync::RwLock;

    pub async fn shadowed(cfg: &RwLock<Config>, client: &super::Client) -> usize {
        let c = cfg.read().unwrap();
        client.get(&c.url).await
    }
}

pub async fn own(cfg: &RwLock<Config>, client: &Client) -> usize {
    let c = cfg.read().unwrap();
    client.get(&c.url).await
}

fn main() {}
