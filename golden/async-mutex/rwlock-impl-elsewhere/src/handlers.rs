use std::sync::Arc;

use crate::state::AppState;

async fn download() -> String {
    "b".to_string()
}

pub async fn refresh(state: Arc<AppState>) -> usize {
    let mut config = state.config.write().await;
    let line = download().await;
    config.push(line);
    *state.hits.lock().unwrap() += 1;
    config.len()
}

impl AppState {
    pub async fn version(&self) -> usize {
        self.config.read().await.len()
    }
}
