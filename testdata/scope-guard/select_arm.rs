// A guard taken in a tokio::select! arm's block and held across an await
// in it: the arm runs in the caller's future, which must be Send. The
// first arm is scoped; the second uses its guard after the await, which no
// scoping can fix (async-mutex does not see inside macro calls): manual.
// The third holds its guard past no await: nothing to do.
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn report(n: u64) {
    tokio::time::sleep(Duration::from_millis(1)).await;
    println!("count {n}");
}

pub async fn run(state: Arc<Mutex<u64>>, mut rx: tokio::sync::mpsc::Receiver<u64>) {
    let mut ticks = tokio::time::interval(Duration::from_millis(1));
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                let mut n = state.lock().unwrap();
                *n += 1;
                let v = *n;
                report(v).await;
            }
            Some(add) = rx.recv() => {
                let mut n = state.lock().unwrap();
                report(add).await;
                *n += add;
            }
            else => {
                let n = state.lock().unwrap();
                println!("done at {}", *n);
                break;
            }
        }
    }
}

fn main() {
    let (_tx, rx) = tokio::sync::mpsc::channel(1);
    tokio::runtime::Runtime::new().unwrap().spawn(run(Arc::new(Mutex::new(0)), rx));
}
