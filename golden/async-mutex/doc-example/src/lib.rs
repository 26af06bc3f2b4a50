// The example of `sendfix explain async-mutex`.
use std::sync::Mutex;

pub struct Conn;

impl Conn {
    async fn open() -> Conn {
        Conn
    }
}

#[derive(Default)]
pub struct Stats {
    checkouts: u64,
}

struct Pool {
    idle: tokio::sync::Mutex<Vec<Conn>>,
    stats: Mutex<Stats>, // never held across an await
}

impl Pool {
    async fn checkout(&self) -> Conn {
        let mut idle = self.idle.lock().await;
        if idle.is_empty() {
            idle.push(Conn::open().await);
        }
        self.stats.lock().unwrap().checkouts += 1;
        idle.pop().unwrap()
    }
}
