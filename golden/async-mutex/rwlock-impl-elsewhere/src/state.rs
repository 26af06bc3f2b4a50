use std::sync::Mutex;
use tokio::sync::RwLock;

pub struct AppState {
    pub config: RwLock<Vec<String>>,
    pub hits: Mutex<u64>,
}

impl AppState {
    pub fn new() -> Self {
        Self { config: RwLock::new(vec!["a".into()]), hits: Mutex::new(0) }
    }
}
