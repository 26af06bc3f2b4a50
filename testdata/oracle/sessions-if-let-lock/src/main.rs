use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

struct SessionStore {
    sessions: Mutex<BTreeMap<u64, String>>,
}

async fn logout(store: Arc<SessionStore>, session_id: u64, audit: mpsc::Sender<String>) {
    if let Ok(mut sessions) = store.sessions.lock() {
        let user = sessions.remove(&session_id).unwrap_or_else(|| "<unknown>".to_string());
        audit.send(format!("logout session={session_id} user={user}")).await.unwrap();
    }
}

#[tokio::main]
async fn main() {
    let store = Arc::new(SessionStore { sessions: Mutex::new(BTreeMap::new()) });
    {
        let mut sessions = store.sessions.lock().unwrap();
        sessions.insert(11, "ada".to_string());
        sessions.insert(12, "grace".to_string());
        sessions.insert(13, "linus".to_string());
    }
    let (tx, mut rx) = mpsc::channel(8);
    for id in [12, 99, 11] {
        tokio::spawn(logout(store.clone(), id, tx.clone())).await.unwrap();
        println!("{}", rx.recv().await.unwrap());
    }
    println!("remaining: {:?}", store.sessions.lock().unwrap());
}
