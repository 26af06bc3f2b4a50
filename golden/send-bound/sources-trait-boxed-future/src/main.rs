// A trait method returns Pin<Box<dyn Future + '_>> (tokio-context#3): the
// future a spawned task awaits must be Send, and an impl's signature must
// match the trait's (E0053), so the declaration and every impl get
// `+ Send`, the impl whose future is never spawned too, and one that
// spaces the type otherwise. A third trait, whose impl names the type by
// another lifetime, is reported: the texts differ, sendfix cannot make them match.
use std::future::Future;
use std::pin::Pin;

trait Source {
    fn next(&mut self) -> Pin<Box<dyn Future<Output = Option<u32>> + Send + '_>>;
}

struct Counter(u32);
struct Fixed(Vec<u32>);

impl Source for Counter {
    fn next(&mut self) -> Pin<Box<dyn Future<Output = Option<u32>> + Send + '_>> {
        Box::pin(async move {
            tokio::task::yield_now().await;
            self.0 += 1;
            (self.0 < 4).then_some(self.0)
        })
    }
}

impl Source for Fixed {
    fn next(&mut self) -> Pin<Box<dyn Future<Output = Option<u32>> + Send + '_>> {
        Box::pin(async move { self.0.pop() })
    }
}

trait Sink {
    fn put(&mut self, v: u32) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

struct Log(Vec<u32>);

impl Sink for Log {
    fn put(&mut self, v: u32) -> Pin<Box<dyn Future<Output=()> + Send + '_>> {
        Box::pin(async move { self.0.push(v) })
    }
}

trait Meter {
    fn read(&self) -> Pin<Box<dyn Future<Output = u32> + '_>>;
}

struct Gauge(u32);

impl Meter for Gauge {
    fn read(&self) -> Pin<Box<dyn Future<Output = u32> + 'static>> {
        let n = self.0;
        Box::pin(async move { n })
    }
}

#[tokio::main]
async fn main() {
    let mut c = Counter(0);
    let total = tokio::spawn(async move {
        let mut sum = 0;
        while let Some(v) = c.next().await {
            sum += v;
        }
        sum
    });
    println!("{}", total.await.unwrap());
    let mut f = Fixed(vec![1, 2]);
    println!("{:?}", f.next().await);
    let mut log = Log(Vec::new());
    let put = tokio::spawn(async move {
        log.put(7).await;
        log.0
    });
    println!("{:?}", put.await.unwrap());
    let g = Gauge(5);
    let read = tokio::spawn(async move { g.read().await });
    println!("{}", read.await.unwrap());
}
