// Negative: a guard used in one match arm and dropped, never borrowed, before
// the await of another arm: on the await's path it was moved, not held.
use std::sync::{Arc, Mutex};

enum Cmd {
    Push(i64),
    Wait,
}

async fn worker(store: Arc<Mutex<Vec<i64>>>, cmds: Vec<Cmd>) {
    for cmd in cmds {
        let mut v = store.lock().unwrap();
        match cmd {
            Cmd::Push(x) => {
                v.push(x);
            }
            other => {
                drop(v);
                tokio::task::yield_now().await;
                let _ = other;
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let store = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(worker(store.clone(), vec![Cmd::Push(1), Cmd::Wait, Cmd::Push(2)]))
        .await
        .unwrap();
    println!("{:?}", store.lock().unwrap());
}
