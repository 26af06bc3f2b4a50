// Tests (no finding): tokio::sync::Mutex and RwLock guards are Send, and
// holding them across an .await in a spawned task is what they are for.
// Also futures::lock::Mutex. The `.lock().await` shape must not be taken
// for a std guard, even where the type is imported under the name Mutex;
// nor tokio's `try_lock()`, whose guard is the same Send tokio guard: a
// single-flight refresh holds it across the await on purpose, and scoping
// it would let two refreshes run at once.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, RwLock};

struct Room {
    refreshing: Mutex<()>,
    members: Mutex<Vec<String>>,
    topic: RwLock<String>,
    history: futures::lock::Mutex<HashMap<u64, String>>,
}

async fn broadcast(msg: &str) {
    tokio::time::sleep(Duration::from_millis(msg.len() as u64 % 2)).await;
}

async fn join(room: Arc<Room>, who: String) {
    let mut members = room.members.lock().await;
    members.push(who.clone());
    broadcast(&who).await;
    members.sort();
}

async fn set_topic(room: Arc<Room>, topic: String) {
    let mut t = room.topic.write().await;
    broadcast(&topic).await;
    *t = topic;
    let r = room.topic.try_read().is_err();
    println!("{r}");
}

async fn record(room: Arc<Room>, id: u64, line: String) {
    let mut h = room.history.lock().await;
    broadcast(&line).await;
    h.insert(id, line);
}

async fn refresh_members(room: Arc<Room>) {
    let Ok(_busy) = room.refreshing.try_lock() else {
        return; // another refresh is running
    };
    broadcast("refresh").await;
}

async fn rename_member(room: Arc<Room>, from: String, to: String) {
    let mut members = room.members.try_lock().expect("members busy");
    members.retain(|m| *m != from);
    broadcast(&to).await;
}

#[tokio::main]
async fn main() {
    let room = Arc::new(Room {
        refreshing: Mutex::new(()),
        members: Mutex::new(Vec::new()),
        topic: RwLock::new(String::new()),
        history: futures::lock::Mutex::new(HashMap::new()),
    });
    tokio::spawn(join(room.clone(), "ana".into())).await.unwrap();
    tokio::spawn(set_topic(room.clone(), "rust".into())).await.unwrap();
    tokio::spawn(record(room.clone(), 1, "hi".into())).await.unwrap();
    tokio::spawn(refresh_members(room.clone())).await.unwrap();
    tokio::spawn(rename_member(room.clone(), "ana".into(), "bea".into())).await.unwrap();
}
