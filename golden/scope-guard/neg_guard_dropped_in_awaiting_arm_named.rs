// Negative: as neg_guard_dropped_in_awaiting_arm, with named arms.
use std::sync::{Arc, Mutex};

enum Cmd {
    Push(i64),
    Wait,
}

async fn worker(store: Arc<Mutex<Vec<i64>>>, cmds: Vec<Cmd>) {
    for cmd in cmds {
        let mut v = store.lock().unwrap();
        match cmd {
            Cmd::Push(x) => v.push(x),
            Cmd::Wait => {
                drop(v);
                tokio::task::yield_now().await;
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
