use std::sync::Arc;

type Callback = Box<dyn Fn(&str) -> String + Send + Sync>;

struct EventBus {
    listeners: Vec<Callback>,
}

impl EventBus {
    async fn emit(&self, ev: &str) -> Vec<String> {
        let mut out = Vec::new();
        for l in &self.listeners {
            tokio::task::yield_now().await;
            out.push(l(ev));
        }
        out
    }
}

fn start<T>(bus: Arc<EventBus>, tag: T) -> tokio::task::JoinHandle<Vec<String>>
where
    T: std::fmt::Display + Send + 'static,
{
    tokio::spawn(async move {
        let ev = format!("event-{tag}");
        bus.emit(&ev).await
    })
}

#[tokio::main]
async fn main() {
    let bus = Arc::new(EventBus {
        listeners: vec![
            Box::new(|e| format!("A got {e}")),
            Box::new(|e| format!("B got {} chars", e.len())),
        ],
    });
    for t in 1..=2 {
        for line in start(bus.clone(), t).await.unwrap() {
            println!("{line}");
        }
    }
}
