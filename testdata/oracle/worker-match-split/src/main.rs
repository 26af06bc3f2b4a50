// An awaiting `match` that reads the guard before its awaits (a
// state machine; drop() in the arm is not enough for rustc once the guard
// was read). The scrutinee, the arms without an await and what an awaiting
// arm does before its await run in the guard's block; the awaiting parts
// after it.
// - step: one awaiting arm, the others yield their values
// - poll: every arm awaits (one written as an expression); the block
//   yields the arm's index
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Status {
    Idle,
    Busy(u32),
    Done,
}

struct Worker {
    state: Mutex<Status>,
}

async fn work(n: u32) -> u32 {
    tokio::task::yield_now().await;
    n + 7
}

impl Worker {
    async fn step(&self) -> u32 {
        let mut state = self.state.lock().unwrap();
        match *state {
            Status::Idle => {
                *state = Status::Busy(1);
                drop(state);
                work(0).await
            }
            Status::Busy(_) => 1,
            Status::Done => 0,
        }
    }

    async fn poll(&self) -> u32 {
        let mut state = self.state.lock().unwrap();
        match *state {
            Status::Done => work(100).await,
            _ => {
                *state = Status::Done;
                // finish outside the lock
                work(200).await
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let w = Arc::new(Worker { state: Mutex::new(Status::Idle) });
    let w2 = w.clone();
    println!("{}", tokio::spawn(async move { w2.step().await }).await.unwrap());
    let w2 = w.clone();
    println!("{}", tokio::spawn(async move { w2.poll().await }).await.unwrap());
    println!("{:?}", *w.state.lock().unwrap());
}
