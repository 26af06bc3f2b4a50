// Tests: futures whose Send requirement comes from a signature rather than
// a spawn: a fn returning `impl Future<Output = ..> + Send` built from an
// async block, a fn returning `Pin<Box<dyn Future<..> + Send>>` via
// Box::pin, and one returning futures' `BoxFuture` via `.boxed()`. The
// guard in each async block is last used before the await and is scoped.
use futures::future::{BoxFuture, FutureExt};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Beat {
    last: Mutex<Option<Instant>>,
    missed: Mutex<u32>,
}

fn heartbeat(b: Arc<Beat>) -> impl Future<Output = ()> + Send {
    async move {
        {
            let mut last = b.last.lock().unwrap();
            *last = Some(Instant::now());
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

fn check_missed(b: Arc<Beat>) -> Pin<Box<dyn Future<Output = u32> + Send>> {
    Box::pin(async move {
        let n = {
            let missed = b.missed.lock().unwrap();
            *missed
        };
        tokio::time::sleep(Duration::from_millis(1)).await;
        n
    })
}

fn reset(b: Arc<Beat>) -> BoxFuture<'static, ()> {
    async move {
        {
            let mut missed = b.missed.lock().unwrap();
            *missed = 0;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    .boxed()
}

#[tokio::main]
async fn main() {
    let b = Arc::new(Beat { last: Mutex::new(None), missed: Mutex::new(2) });
    heartbeat(b.clone()).await;
    println!("{}", check_missed(b.clone()).await);
    reset(b.clone()).await;
}
