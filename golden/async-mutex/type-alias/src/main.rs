mod state;

use state::{Shared, State};

async fn save(_n: u32) {}

async fn bump(state: Shared) -> u32 {
    let mut s = state.lock().await;
    s.count += 1;
    save(s.count).await;
    s.count
}

#[tokio::main]
async fn main() {
    let state = State::shared();
    let n = tokio::spawn(bump(state.clone())).await.unwrap();
    println!("{n}");
}
