// Tests: name shadowing around the guard. A `let` that shadows the guard's
// name with a value derived from it does not end the guard (it lives on,
// unnamed, to the end of the scope), so the block must still be made and
// the new value leaves it. A later, unrelated variable reusing the guard's
// name after the await is not a use of the guard. A guard shadowing an
// outer variable of the same name keeps the outer one visible after the
// block.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn store(n: usize) {
    tokio::time::sleep(Duration::from_millis(n as u64 % 2)).await;
}

async fn sizes(cache: Arc<Mutex<HashMap<String, Vec<u8>>>>) -> usize {
    let entries = {
        let entries = cache.lock().unwrap();
        entries.values().map(Vec::len).sum::<usize>()
    };
    store(entries).await;
    entries
}

async fn reuse_name(cache: Arc<Mutex<HashMap<String, Vec<u8>>>>) {
    let keys = {
        let g = cache.lock().unwrap();
        g.len()
    };
    store(keys).await;
    let g = keys * 2;
    println!("{g}");
}

async fn outer_name(cache: Arc<Mutex<HashMap<String, Vec<u8>>>>, entries: Vec<String>) -> usize {
    let n = entries.len();
    let present = {
        let entries = cache.lock().unwrap();
        entries.len()
    };
    store(present).await;
    n + present
}

#[tokio::main]
async fn main() {
    let cache = Arc::new(Mutex::new(HashMap::from([("a".to_string(), vec![1, 2, 3])])));
    println!("{}", tokio::spawn(sizes(cache.clone())).await.unwrap());
    tokio::spawn(reuse_name(cache.clone())).await.unwrap();
    println!("{}", tokio::spawn(outer_name(cache.clone(), vec!["x".into()])).await.unwrap());
}
