mod util;

use std::sync::{Arc, Mutex};

#[tokio::main]
async fn main() {
    let store = Arc::new(Mutex::new(Vec::new()));
    println!("{}", util::warm_up(&store).await);
}
