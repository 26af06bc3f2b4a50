// redis-rs#156: a client library's boxed-future alias without Send, chained
// with TryFutureExt's and_then and map_err, and spawned on a runtime. The
// adapters hold the futures they wrap: the alias gets `+ Send`.
use futures::TryFutureExt;
use std::future::Future;
use std::pin::Pin;

pub type RedisFuture<T> = Pin<Box<dyn Future<Output = Result<T, String>> + Send>>;

pub struct Connection {
    db: u32,
}

pub fn get_async_connection(db: u32) -> RedisFuture<Connection> {
    Box::pin(async move {
        tokio::task::yield_now().await;
        if db < 16 { Ok(Connection { db }) } else { Err(format!("no database {db}")) }
    })
}

fn main() {
    let thread_pool = tokio::runtime::Runtime::new().unwrap();
    for db in [3, 20] {
        let work = get_async_connection(db)
            .and_then(|conn| async move { Ok(conn.db * 6) })
            .map_err(|e| format!("failed: {e}"));
        let handle = thread_pool.spawn(work);
        println!("{:?}", thread_pool.block_on(handle).unwrap());
    }
}
