use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Scheduler {
    backlog: Mutex<VecDeque<String>>,
}

impl Scheduler {
    fn new() -> Self {
        Scheduler { backlog: Mutex::new(VecDeque::new()) }
    }
}

async fn submit(scheduler: Arc<Scheduler>, job: &'static str) -> String {
    let depth = {
        let mut backlog = scheduler.backlog.lock().unwrap();
        backlog.push_back(job.to_string());
        backlog.len()
    };
    tokio::time::sleep(Duration::from_millis(1)).await;
    if depth > 2 {
        format!("{job}: queued at depth {depth} (backpressure)")
    } else {
        format!("{job}: queued at depth {depth}")
    }
}

#[tokio::main]
async fn main() {
    let scheduler = Arc::new(Scheduler::new());
    for job in ["resize-images", "send-digest", "rebuild-index", "purge-cache"] {
        let report = tokio::spawn(submit(scheduler.clone(), job)).await.unwrap();
        println!("{report}");
    }
    let backlog = scheduler.backlog.lock().unwrap();
    println!("backlog: {:?}", backlog);
}
