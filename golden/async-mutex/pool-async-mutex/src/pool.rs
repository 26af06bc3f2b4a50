use std::sync::Mutex;
use std::time::Duration;

pub struct Conn {
    pub id: u32,
}

async fn connect(id: u32) -> Conn {
    tokio::time::sleep(Duration::from_millis(1)).await;
    Conn { id }
}

/// A connection pool: `idle` must stay locked while a new connection is
/// opened (two tasks must not both open one), `stats` never crosses an await.
pub struct Pool {
    idle: tokio::sync::Mutex<Vec<Conn>>,
    stats: Mutex<(u32, u32)>, // (opened, checkouts)
    max_idle: usize,
}

impl Pool {
    pub fn new(max_idle: usize) -> Self {
        Pool {
            idle: tokio::sync::Mutex::new(Vec::new()),
            stats: Mutex::new((0, 0)),
            max_idle,
        }
    }

    pub async fn checkout(&self, who: u32) -> Conn {
        let mut idle = self.idle.lock().await;
        if idle.is_empty() {
            let id = {
                let mut stats = self.stats.lock().unwrap();
                stats.0 += 1;
                stats.0
            };
            let conn = connect(id).await;
            idle.push(conn);
        }
        self.stats.lock().unwrap().1 += 1;
        let conn = idle.pop().unwrap();
        if who == 0 {
            println!("first checkout: connection {}", conn.id);
        }
        conn
    }

    pub async fn checkin(&self, conn: Conn) {
        let mut idle = self.idle.lock().await;
        if idle.len() < self.max_idle {
            idle.push(conn);
        }
    }

    pub async fn idle_count(&self) -> usize {
        self.idle.lock().await.len()
    }

    pub fn opened(&self) -> u32 {
        self.stats.lock().unwrap().0
    }
}
