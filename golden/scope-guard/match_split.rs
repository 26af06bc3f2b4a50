// Tests: an awaiting `match` that reads the guard before its awaits (a
// state machine; drop() in the arm is not enough for rustc once the guard
// was read). The scrutinee, the arms without an await and what an awaiting
// arm does before its await run in the guard's block; the awaiting parts
// after it.
// - step: one awaiting arm, the others yield their values
// - poll: every arm awaits (one written as an expression); the block
//   yields the arm's index
// - refused: the awaiting part reads the arm's pattern variable
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
        let finished = {
            let mut state = self.state.lock().unwrap();
            match *state {
                Status::Idle => {
                    *state = Status::Busy(1);
                    None
                }
                Status::Busy(_) => Some(1),
                Status::Done => Some(0),
            }
        };
        if let Some(value) = finished {
            value
        } else {
            work(0).await
        }
    }

    async fn poll(&self) -> u32 {
        let arm = {
            let mut state = self.state.lock().unwrap();
            match *state {
                Status::Done => {
                    0
                }
                _ => {
                    *state = Status::Done;
                    1
                }
            }
        };
        match arm {
            0 => {
                work(100).await
            }
            _ => {
                // finish outside the lock
                work(200).await
            }
        }
    }

    async fn resume(&self) -> u32 {
        let state = self.state.lock().unwrap();
        match *state {
            Status::Busy(n) => {
                drop(state);
                work(n).await
            }
            _ => 0,
        }
    }
}

#[tokio::main]
async fn main() {
    let w = Arc::new(Worker { state: Mutex::new(Status::Idle) });
    let w2 = w.clone();
    let out = tokio::spawn(async move { (w2.step().await, w2.poll().await, w2.resume().await) }).await.unwrap();
    println!("{out:?}");
}
