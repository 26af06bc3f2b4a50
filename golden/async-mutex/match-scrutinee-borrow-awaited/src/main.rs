// A match on a value borrowed from a temporary guard whose arms await with
// it: the guard lives through the arms, so the mutex becomes tokio's.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

async fn notify(m: String) -> String { tokio::task::yield_now().await; m }

async fn run(s: Arc<Mutex<HashMap<u32, String>>>) {
    for id in 1..=3u32 {
        let r = match s.lock().await.get(&id) {
            Some(name) => notify(format!("hello {name}")).await,
            None => notify(format!("no session {id}")).await,
        };
        println!("{r}");
    }
}

#[tokio::main]
async fn main() {
    let sessions = Arc::new(Mutex::new(HashMap::new()));
    sessions.lock().await.insert(2u32, "bob".to_string());
    tokio::spawn(run(sessions.clone())).await.unwrap();
}
