// A guard returned by an accessor of the file (fn state(&self) -> MutexGuard)
// is scoped like a lock() guard.
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Default)]
pub struct App {
    inner: Mutex<u32>,
}

impl App {
    pub fn state(&self) -> MutexGuard<'_, u32> {
        self.inner.lock().unwrap()
    }
}

async fn notify() {
    tokio::task::yield_now().await;
}

async fn register(app: Arc<App>) -> u32 {
    let c = {
        let mut s = app.state();
        *s += 1;
        *s
    };
    notify().await;
    c
}

#[tokio::main]
async fn main() {
    let app = Arc::new(App::default());
    let c = tokio::spawn(register(app.clone())).await.unwrap();
    println!("{} {}", c, *app.state());
}
