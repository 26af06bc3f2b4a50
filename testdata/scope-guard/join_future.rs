// A guard held across an await in an async block given to tokio::join!:
// join! polls it inside the spawned future, which must be Send. The same
// in main (whose future need not be Send) is left alone.
use std::sync::{Arc, Mutex};

async fn report(n: u64) {
    println!("count {n}");
}

pub async fn run(state: Arc<Mutex<u64>>) -> u64 {
    let (a, _) = tokio::join!(
        async {
            let mut n = state.lock().unwrap();
            *n += 1;
            let v = *n;
            report(v).await;
            v
        },
        report(10),
    );
    a
}

#[tokio::main]
async fn main() {
    let state = Arc::new(Mutex::new(0));
    tokio::spawn(run(state.clone()));
    let (a, _) = tokio::join!(
        async {
            let n = state.lock().unwrap();
            report(*n).await;
            *n
        },
        report(1),
    );
    println!("{a}");
}
