use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

struct AuditTrail {
    entries: Mutex<Vec<String>>,
    rejected: Mutex<u32>,
}

fn record(trail: &AuditTrail, entry: String) -> usize {
    let mut entries = trail.entries.lock().unwrap();
    entries.push(entry);
    entries.len()
}

async fn audit(trail: Arc<AuditTrail>, actor: &'static str, action: &'static str, sink: mpsc::Sender<String>) {
    let allowed = !action.starts_with("drop");
    if allowed {
        let mut entries = trail.entries.lock().unwrap();
        entries.push(format!("{actor} {action}"));
    } else {
        let mut rejected = trail.rejected.lock().unwrap();
        *rejected += 1;
    }
    sink.send(format!("{actor}: {action} allowed={allowed}")).await.unwrap();
    let total = match action {
        "login" => record(&trail, format!("{actor} session opened")),
        _ => {
            let entries = trail.entries.lock().unwrap();
            entries.len()
        }
    };
    sink.send(format!("entries so far: {total}")).await.unwrap();
}

#[tokio::main]
async fn main() {
    let trail = Arc::new(AuditTrail { entries: Mutex::new(Vec::new()), rejected: Mutex::new(0) });
    let (tx, mut rx) = mpsc::channel(32);
    for (actor, action) in [("root", "login"), ("eve", "drop table"), ("root", "grant")] {
        tokio::spawn(audit(trail.clone(), actor, action, tx.clone())).await.unwrap();
    }
    drop(tx);
    while let Some(line) = rx.recv().await {
        println!("{line}");
    }
    println!("rejected: {}", trail.rejected.lock().unwrap());
    println!("{:?}", trail.entries.lock().unwrap());
}
