// A user type's method that happens to be called `lock` returns plain Copy data.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct Ticket {
    pub number: u64,
}

#[derive(Default)]
pub struct Gate {
    next: AtomicU64,
}

impl Gate {
    pub fn lock(&self) -> Ticket {
        Ticket { number: self.next.fetch_add(1, Ordering::SeqCst) }
    }
}

async fn client(gate: Arc<Gate>) -> u64 {
    let ticket = gate.lock();
    tokio::task::yield_now().await;
    ticket.number
}

#[tokio::main]
async fn main() {
    let gate = Arc::new(Gate::default());
    let n = tokio::spawn(client(gate.clone())).await.unwrap();
    println!("{n}");
}
