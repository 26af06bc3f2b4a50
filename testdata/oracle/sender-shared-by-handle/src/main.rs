// A handle holding a tokio mpsc::Sender<Command> is used through &self in
// a spawned task, so the handle must be Sync. A Sender<T> is Send and Sync
// whenever T is Send: the boxed FnMut that Command carries needs no
// `+ Sync` (rwU u14).
use tokio::sync::{mpsc, oneshot};

pub type Subscriber = Box<dyn FnMut(i64) -> bool + Send>;

pub enum Command {
    Add { delta: i64, resp: oneshot::Sender<i64> },
    Watch { sub: Subscriber },
}

#[derive(Clone)]
pub struct Handle {
    tx: mpsc::Sender<Command>,
}

impl Handle {
    pub async fn add(&self, delta: i64) -> i64 {
        let (resp, rx) = oneshot::channel();
        let _ = self.tx.send(Command::Add { delta, resp }).await;
        rx.await.unwrap_or(i64::MIN)
    }

    pub async fn watch(&self, sub: Subscriber) {
        let _ = self.tx.send(Command::Watch { sub }).await;
    }
}

async fn actor(mut rx: mpsc::Receiver<Command>) -> i64 {
    let (mut total, mut subs) = (0, Vec::<Subscriber>::new());
    while let Some(cmd) = rx.recv().await {
        match cmd {
            Command::Add { delta, resp } => {
                total += delta;
                subs.retain_mut(|s| s(total));
                let _ = resp.send(total);
            }
            Command::Watch { sub } => subs.push(sub),
        }
    }
    total
}

#[tokio::main]
async fn main() {
    let (tx, rx) = mpsc::channel(8);
    let actor = tokio::spawn(actor(rx));
    let h = Handle { tx };
    h.watch(Box::new(|v| {
        println!("saw {v}");
        v < 5
    }))
    .await;
    let h2 = h.clone();
    let sum = tokio::spawn(async move { h2.add(2).await + h2.add(4).await }).await.unwrap();
    drop(h);
    println!("sum={sum} total={}", actor.await.unwrap());
}
