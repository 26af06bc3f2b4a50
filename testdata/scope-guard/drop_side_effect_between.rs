// A value kept alive for its Drop (a timer that logs) between the lock and the
// await: moving it into a block would drop it before the await. Reported.
use std::sync::{Arc, Mutex};

struct Noisy(&'static str);
impl Noisy {
    fn new(s: &'static str) -> Self { println!("create {s}"); Noisy(s) }
}
impl Drop for Noisy {
    fn drop(&mut self) { println!("drop {}", self.0); }
}

async fn work(m: Arc<Mutex<i32>>) {
    let g = m.lock().unwrap();
    let _timer = Noisy::new("timer");
    let v = *g;
    tokio::task::yield_now().await;
    println!("after await v={v}");
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(3));
    tokio::spawn(work(m)).await.unwrap();
    println!("done");
}
