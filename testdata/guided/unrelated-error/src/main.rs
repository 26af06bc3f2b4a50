use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

async fn tally(votes: Arc<Mutex<Vec<u32>>>, vote: u32, out: mpsc::Sender<String>) {
    let mut all = votes.lock().unwrap();
    all.push(vote);
    let total: u32 = all.iter().sum();
    out.send(format!("total {total}")).await.unwrap();
}

/// Work in progress, not sendfix's business: a type error that must be
/// left alone and not counted against the fix above.
fn ballot_weight(raw: &str) -> u32 {
    let weight: u32 = "heavy";
    raw.len() as u32 * weight
}

#[tokio::main]
async fn main() {
    let votes = Arc::new(Mutex::new(Vec::new()));
    let (tx, mut rx) = mpsc::channel(8);
    for v in [3, 4, ballot_weight("x")] {
        tokio::spawn(tally(votes.clone(), v, tx.clone())).await.unwrap();
    }
    drop(tx);
    while let Some(line) = rx.recv().await {
        println!("{line}");
    }
    // Also not sendfix's business: a use after move, which rustc reports
    // only once main's Send error is gone (it does not borrow-check a
    // function that fails to type-check).
    let late = vec![String::from("late")];
    let counted = late;
    println!("{} late ballots: {:?}", counted.len(), late);
}
