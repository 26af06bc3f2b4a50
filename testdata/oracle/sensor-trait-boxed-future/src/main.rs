// Shape from PrismaPhonic/tokio-context#3 and tokio-rs/tokio#670: a trait
// method returns Pin<Box<dyn Future<Output = ..> + '_>> without `+ Send`,
// and the caller awaits it inside tokio::spawn.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::Mutex;

trait DataSource {
    fn poll_data(&mut self) -> Pin<Box<dyn Future<Output = Option<u32>> + '_>>;
    fn name(&self) -> &str;
}

struct SensorFeed {
    readings: Vec<u32>,
    shared_log: Arc<Mutex<Vec<String>>>,
}

impl DataSource for SensorFeed {
    fn poll_data(&mut self) -> Pin<Box<dyn Future<Output = Option<u32>> + '_>> {
        Box::pin(async move {
            tokio::task::yield_now().await;
            let next = self.readings.pop();
            if let Some(v) = next {
                self.shared_log.lock().await.push(format!("read {}", v));
            }
            next
        })
    }
    fn name(&self) -> &str {
        "sensor"
    }
}

struct RefContext {
    inner: Arc<Mutex<u32>>,
}

impl RefContext {
    fn done(&mut self) -> Pin<Box<dyn Future<Output = u32> + '_>> {
        let soft_copy = self.inner.clone();
        Box::pin(async move {
            let inner = soft_copy.lock().await;
            *inner
        })
    }
}

#[tokio::main]
async fn main() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut feed = SensorFeed { readings: vec![3, 2, 1], shared_log: log.clone() };
    let mut ctx = RefContext { inner: Arc::new(Mutex::new(0)) };
    let counter = ctx.inner.clone();

    let worker = tokio::spawn(async move {
        let mut sum = 0;
        while let Some(v) = feed.poll_data().await {
            sum += v;
            *counter.lock().await += 1;
        }
        format!("{} total {}", feed.name(), sum)
    });
    println!("{}", worker.await.unwrap());

    let waiter = tokio::spawn(async move { ctx.done().await });
    println!("polls: {}", waiter.await.unwrap());
    for line in log.lock().await.iter() {
        println!("{}", line);
    }
}
