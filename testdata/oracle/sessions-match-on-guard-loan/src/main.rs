use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

type Sessions = Arc<Mutex<HashMap<u32, String>>>;

async fn notify(tx: &mpsc::Sender<String>, msg: String) {
    tx.send(msg).await.unwrap();
}

#[tokio::main]
async fn main() {
    let sessions: Sessions = Arc::new(Mutex::new(HashMap::new()));
    sessions.lock().unwrap().insert(1, "alice".to_string());
    sessions.lock().unwrap().insert(2, "bob".to_string());
    let (tx, mut rx) = mpsc::channel(16);

    let s = sessions.clone();
    let handle = tokio::spawn(async move {
        // fine: the temporary guard is dropped at the end of the statement
        let n = s.lock().unwrap().len();
        tokio::task::yield_now().await;
        for id in 1..=3u32 {
            match s.lock().unwrap().get(&id) {
                Some(name) => notify(&tx, format!("hello {name} ({n} sessions)")).await,
                None => notify(&tx, format!("no session {id}")).await,
            }
        }
    });
    handle.await.unwrap();
    while let Ok(m) = rx.try_recv() {
        println!("{m}");
    }
}
