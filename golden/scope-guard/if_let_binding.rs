// Tests: a guard bound by the pattern of an `if let` (`if let Ok(mut
// sessions) = store.lock()`), whose body does its locked work first and
// awaits after. The body is split: the locked part stays in the `if let`,
// which yields whether it matched, and the awaiting part runs after it
// under `if matched`. An `if let` whose locked binding is used after the
// await is reported, not rewritten.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Store = Arc<Mutex<HashMap<u64, String>>>;

async fn notify(id: u64) {
    tokio::time::sleep(Duration::from_millis(id % 2)).await;
}

async fn open_session(store: Store, id: u64, user: String) {
    let locked = if let Ok(mut sessions) = store.lock() {
        sessions.insert(id, user);
        true
    } else {
        false
    };
    if locked {
        notify(id).await;
    }
}

async fn touch(store: Store, id: u64) {
    if let Ok(mut sessions) = store.lock() {
        notify(id).await;
        sessions.entry(id).or_default().push('.');
    }
}

#[tokio::main]
async fn main() {
    let store: Store = Arc::new(Mutex::new(HashMap::new()));
    tokio::spawn(open_session(store.clone(), 1, "ana".into())).await.unwrap();
    tokio::spawn(touch(store.clone(), 1)).await.unwrap();
}
