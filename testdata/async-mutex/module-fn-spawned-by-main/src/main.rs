mod util;

use std::sync::{Arc, Mutex};

#[tokio::main]
async fn main() {
    let store = Arc::new(Mutex::new(Vec::new()));
    let cache = store.clone();
    let n = tokio::spawn(async move { util::warm_up(&cache).await }).await.unwrap();
    println!("{n}");
}
