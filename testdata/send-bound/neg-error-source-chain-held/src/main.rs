// send-bound must leave this alone: it once made chain's parameter
// `dyn Error + Send + Sync`, which cannot compile (std's Error::source
// returns a plain `&(dyn Error + 'static)`; the real fix is to end the
// borrow before the await).
// Shape: a transaction retry loop walks the error's source chain
// (`&dyn Error` items, which are not Send because `dyn Error` is not Sync) and
// sleeps for the backoff *inside* the `for e in chain` loop, so a `&dyn Error`
// is held across the await; the calling handler is spawned.
// Source: https://github.com/geldata/gel-rust/issues/193
use std::error::Error;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

type BoxError = Box<dyn Error + Send + Sync>;

#[derive(Debug)]
struct TransactionConflict;
impl fmt::Display for TransactionConflict {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "transaction conflict")
    }
}
impl Error for TransactionConflict {}

#[derive(Debug)]
struct QueryFailed(Box<dyn Error + Send + Sync>);
impl fmt::Display for QueryFailed {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "query failed")
    }
}
impl Error for QueryFailed {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.0.as_ref())
    }
}

fn chain<'a>(e: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(e), |e: &&'a (dyn Error + 'static)| (*e).source())
}

struct Client {
    calls: AtomicU32,
    max_iterations: u32,
}

impl Client {
    async fn run_query(&self, query: &str) -> Result<String, BoxError> {
        tokio::time::sleep(Duration::from_millis(1)).await;
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        if n < 2 {
            Err(Box::new(QueryFailed(Box::new(TransactionConflict))))
        } else {
            Ok(format!("[{{\"result\": \"{query}\", \"attempt\": {n}}}]"))
        }
    }

    async fn transaction(&self, query: &str) -> Result<String, BoxError> {
        let mut iteration = 0;
        'retry: loop {
            match self.run_query(query).await {
                Ok(v) => return Ok(v),
                Err(err) => {
                    for e in chain(err.as_ref()) {
                        if e.is::<TransactionConflict>() && iteration < self.max_iterations {
                            println!("attempt {iteration}: {err} ({e}), backing off");
                            tokio::time::sleep(Duration::from_millis(1 << iteration)).await;
                            iteration += 1;
                            continue 'retry;
                        }
                    }
                    return Err(err);
                }
            }
        }
    }
}

async fn query_json(client: Arc<Client>, query: &'static str) -> Result<String, String> {
    client.transaction(query).await.map_err(|e| e.to_string())
}

#[tokio::main]
async fn main() {
    let client = Arc::new(Client { calls: AtomicU32::new(0), max_iterations: 3 });
    let h = tokio::spawn(query_json(client.clone(), "select User"));
    println!("{}", h.await.unwrap().unwrap());
    println!("calls: {}", client.calls.load(Ordering::SeqCst));
}
