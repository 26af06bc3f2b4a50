// hegdenu.net "understanding async/await" shape: a std guard taken with
// `lock().map_err(..)?` is written through after an await in a spawned
// task. The mutex becomes tokio's; its lock cannot fail, so the map_err and
// the ? go with the poison handling.
use std::sync::{Arc, Mutex};

#[derive(Debug)]
struct DataAccessError {}

async fn hold_mutex_guard(data: Arc<Mutex<u64>>) -> Result<u64, DataAccessError> {
    let mut guard = data.lock().map_err(|_| DataAccessError {})?;
    tokio::task::yield_now().await;
    *guard += 1;
    Ok(*guard)
}

#[tokio::main]
async fn main() {
    let data = Arc::new(Mutex::new(0_u64));
    println!("{:?}", tokio::spawn(hold_mutex_guard(data)).await.unwrap());
}
