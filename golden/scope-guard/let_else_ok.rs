// `let Ok(mut items) = list.lock() else { .. }` binds the guard to `items`:
// the whole let moves into the block, its diverging else with it.
use std::sync::{Arc, Mutex};

async fn push(list: Arc<Mutex<Vec<String>>>, item: &str) -> usize {
    let n = {
        let Ok(mut items) = list.lock() else {
            return 0;
        };
        items.push(item.to_string());
        items.len()
    };
    tokio::task::yield_now().await;
    n
}

#[tokio::main]
async fn main() {
    let list = Arc::new(Mutex::new(Vec::new()));
    println!("{}", tokio::spawn(push(list.clone(), "a")).await.unwrap());
}
