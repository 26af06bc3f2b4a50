// Generic values moved into tokio::spawn need T: Send (the spawning fn's own
// bound), next to a Box<dyn Fn> alias that a spawned task reaches.
use std::fmt::Debug;
use std::sync::Arc;

type Callback = Box<dyn Fn(&str) -> String + Send + Sync>;
struct EventBus { listeners: Vec<Callback> }
impl EventBus {
    async fn emit(&self, ev: &str) -> Vec<String> {
        let mut out = Vec::new();
        for l in &self.listeners { tokio::task::yield_now().await; out.push(l(ev)); }
        out
    }
}
fn start<T>(bus: Arc<EventBus>, tag: T) -> tokio::task::JoinHandle<Vec<String>>
where T: std::fmt::Display + Send + 'static {
    tokio::spawn(async move { let ev = format!("event-{tag}"); bus.emit(&ev).await })
}

fn spawn_task<T: Debug + Send + 'static>(task: T) -> tokio::task::JoinHandle<String> {
    tokio::spawn(async move { tokio::task::yield_now().await; format!("ran {task:?}") })
}

#[tokio::main]
async fn main() {
    println!("{}", spawn_task(7u32).await.unwrap());
    let bus = Arc::new(EventBus { listeners: vec![Box::new(|e| format!("A got {e}"))] });
    for t in 1..=2 { for l in start(bus.clone(), t).await.unwrap() { println!("{l}"); } }
}
