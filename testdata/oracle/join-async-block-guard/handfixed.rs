use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn report(n: u64) {
    tokio::time::sleep(Duration::from_millis(1)).await;
    println!("count {n}");
}

async fn run(state: Arc<Mutex<u64>>) {
    let (a, b) = tokio::join!(
        async {
            let v = {
                let mut n = state.lock().unwrap();
                *n += 1;
                *n
            };
            report(v).await;
            v
        },
        report(10),
    );
    println!("{a} {b:?}");
}

#[tokio::main]
async fn main() {
    let state = Arc::new(Mutex::new(0));
    tokio::spawn(run(state.clone())).await.unwrap();
    println!("final {}", state.lock().unwrap());
}
