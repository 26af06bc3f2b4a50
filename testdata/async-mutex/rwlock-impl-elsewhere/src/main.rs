mod handlers;
mod state;

use std::sync::Arc;

#[tokio::main]
async fn main() {
    let state = Arc::new(state::AppState::new());
    let n = tokio::spawn(handlers::refresh(state.clone())).await.unwrap();
    println!("{n} {}", state.version());
}
