use std::sync::{Arc, Mutex};
use std::time::Duration;

struct HealthBoard {
    checks: Vec<(String, bool)>,
}

async fn poll(board: Arc<Mutex<HealthBoard>>, targets: Vec<&'static str>) -> usize {
    let mut round = 0;
    while round < 3 {
        {
            let mut status = board.lock().unwrap();
            for target in &targets {
                let healthy = (target.len() + round) % 3 != 0;
                status.checks.push((format!("round {round}: {target}"), healthy));
            }
        }
        round += 1;
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    round
}

#[tokio::main]
async fn main() {
    let board = Arc::new(Mutex::new(HealthBoard { checks: Vec::new() }));
    let rounds = tokio::spawn(poll(board.clone(), vec!["db", "cache", "queue"])).await.unwrap();
    println!("polled {rounds} rounds");
    for (check, healthy) in &board.lock().unwrap().checks {
        println!("{check} -> {}", if *healthy { "up" } else { "DOWN" });
    }
}
