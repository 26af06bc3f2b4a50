use std::sync::Arc;
use tokio::sync::Mutex;

pub type Shared = Arc<Mutex<State>>;

pub struct State {
    pub count: u32,
}

impl State {
    pub fn shared() -> Shared {
        Arc::new(Mutex::new(State { count: 0 }))
    }
}
