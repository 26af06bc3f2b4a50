use std::collections::VecDeque;
use std::sync::Mutex;

#[derive(Debug)]
pub struct Connection {
    pub id: u32,
    pub uses: u32,
}

pub struct Pool {
    pub(crate) idle: Mutex<VecDeque<Connection>>,
    pub(crate) checkouts: Mutex<Vec<String>>,
}

impl Pool {
    pub fn with_connections(n: u32) -> Self {
        let idle = (1..=n).map(|id| Connection { id, uses: 0 }).collect();
        Pool { idle: Mutex::new(idle), checkouts: Mutex::new(Vec::new()) }
    }

    pub fn idle_summary(&self) -> String {
        let idle = self.idle.lock().unwrap();
        idle.iter().map(|c| format!("#{}x{}", c.id, c.uses)).collect::<Vec<_>>().join(" ")
    }
}
