mod flush;

use std::sync::{Arc, Mutex};

#[tokio::main]
async fn main() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let n = tokio::spawn(flush::flush(log.clone())).await.unwrap();
    println!("{} {:?}", n, log.lock().unwrap());
}
