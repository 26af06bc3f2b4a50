// A factory alias Arc<dyn Fn() -> Box<dyn Handler + Send> + Send + Sync> whose
// closure casts its value `as Box<dyn Handler + Send>`, used by a spawned task
// that holds the handler across awaits (isdaniel/pg2any#111 shape): the
// alias and the cast get + Send together (the cast alone left was E0308).
use std::sync::Arc;

trait Handler {
    fn apply(&mut self, x: u32) -> u32;
}

type Factory = Arc<dyn Fn() -> Box<dyn Handler + Send> + Send + Sync>;

struct Sum(u32);
impl Handler for Sum {
    fn apply(&mut self, x: u32) -> u32 {
        self.0 += x;
        self.0
    }
}

async fn run(factory: Factory) -> u32 {
    let mut h = factory();
    let mut last = 0;
    for i in 1..=3 {
        tokio::task::yield_now().await;
        last = h.apply(i);
    }
    last
}

#[tokio::main]
async fn main() {
    let factory: Factory = Arc::new(|| Box::new(Sum(0)) as Box<dyn Handler + Send>);
    println!("{}", tokio::spawn(run(factory)).await.unwrap());
}
