// Called only from main, inside println!: its future need not be Send, so the
// guard it holds across the await is no error (rustc accepts it): untouched.
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Shared = Arc<Mutex<Vec<String>>>;

async fn main_only(s: Shared) -> usize {
    let g = s.lock().unwrap();
    tokio::time::sleep(Duration::from_millis(1)).await;
    g.len()
}

#[tokio::main]
async fn main() {
    let s: Shared = Arc::new(Mutex::new(vec!["boot".to_string()]));
    println!("main_only {}", main_only(s.clone()).await);
}
