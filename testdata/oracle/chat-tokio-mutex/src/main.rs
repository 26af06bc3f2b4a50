use std::sync::Arc;

use tokio::sync::{mpsc, Mutex};

struct Room {
    history: Mutex<Vec<String>>,
}

async fn post(room: Arc<Room>, author: &'static str, text: &'static str, fanout: mpsc::Sender<String>) {
    let mut history = room.history.lock().await;
    let line = format!("[{}] {author}: {text}", history.len() + 1);
    fanout.send(line.clone()).await.unwrap();
    history.push(line);
}

#[tokio::main]
async fn main() {
    let room = Arc::new(Room { history: Mutex::new(Vec::new()) });
    let (tx, mut rx) = mpsc::channel(8);
    for (author, text) in [("amy", "hi all"), ("bo", "morning"), ("amy", "standup in 5")] {
        tokio::spawn(post(room.clone(), author, text, tx.clone())).await.unwrap();
        println!("fanout: {}", rx.recv().await.unwrap());
    }
    println!("history has {} lines", room.history.lock().await.len());
}
