// akula#30 shape: `lock.read().wait_for_space().await`, where the method
// returns `impl Future + Send + 'static`: the future borrows nothing, so
// it is made in a statement of its own (the temporary guard ends there)
// and awaited after, instead of the lock switched to an async one.
use std::future::Future;
use std::sync::{Arc, RwLock};

struct Sentry {
    n: u32,
}

impl Sentry {
    fn wait_for_space(&self) -> impl Future<Output = u32> + Send + 'static {
        let n = self.n;
        async move {
            tokio::task::yield_now().await;
            n
        }
    }
}

async fn pump(sentry: Arc<RwLock<Sentry>>) -> u32 {
    let space = sentry.read().unwrap().wait_for_space().await;
    space + 1
}

#[tokio::main]
async fn main() {
    let sentry = Arc::new(RwLock::new(Sentry { n: 7 }));
    println!("{}", tokio::spawn(pump(sentry)).await.unwrap());
}
