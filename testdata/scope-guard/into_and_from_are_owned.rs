// StackOverflow 77984726 shape: `.into()` and `String::from(..)` of a value
// borrowed from the guard build an owned value, so the guard's scope can
// end before the await (it was read as a borrow, and the mutex switched).
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

async fn exchange(v: String) -> String {
    tokio::task::yield_now().await;
    v
}

async fn callback(verifiers: Arc<Mutex<HashMap<String, String>>>) -> String {
    let guard = verifiers.lock().unwrap();
    let v = guard.get("k").unwrap().into();
    exchange(v).await
}

async fn path_of(paths: Arc<Mutex<Vec<String>>>) -> PathBuf {
    let paths = paths.lock().unwrap();
    let p = PathBuf::from(&paths[0]);
    tokio::task::yield_now().await;
    p
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(HashMap::from([("k".to_string(), "v".to_string())])));
    let a = tokio::spawn(callback(m)).await.unwrap();
    let b = tokio::spawn(path_of(Arc::new(Mutex::new(vec!["/tmp".to_string()])))).await.unwrap();
    println!("{a} {}", b.display());
}
