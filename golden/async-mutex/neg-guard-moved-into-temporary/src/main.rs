// A std MutexGuard moved, never borrowed, into a temporary its statement
// consumes (a move closure called at once, a struct literal whose method
// takes self) before the await: it is not held across it, and this
// compiles as it is.
use std::ops::DerefMut;
use std::sync::{Arc, Mutex};

struct Drain<G> {
    guard: G,
    limit: usize,
}

impl<G: DerefMut<Target = Vec<String>>> Drain<G> {
    fn finish(mut self) -> Vec<String> {
        let n = self.limit.min(self.guard.len());
        self.guard.drain(..n).collect()
    }
}

// (a) guard moved into an immediately-invoked move closure
async fn count_then_wait(pending: Arc<Mutex<Vec<String>>>) -> usize {
    let g = pending.lock().unwrap();
    let n = (move || g.len())();
    tokio::task::yield_now().await;
    n
}

// (b) guard moved into a struct literal (field shorthand) consumed by a `self` method
async fn flush_some(pending: Arc<Mutex<Vec<String>>>) -> usize {
    let guard = pending.lock().unwrap();
    let batch = Drain { guard, limit: 1 }.finish();
    tokio::task::yield_now().await;
    batch.len()
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(vec!["a".to_string(), "b".to_string()]));
    let a = tokio::spawn(count_then_wait(m.clone())).await.unwrap();
    let b = tokio::spawn(flush_some(m.clone())).await.unwrap();
    println!("{a} {b}");
}
