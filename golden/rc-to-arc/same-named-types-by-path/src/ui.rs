use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct State {
    pub items: Arc<Mutex<Vec<u32>>>,
}

impl State {
    pub fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

pub async fn ui_task(st: State) {
    tokio::task::yield_now().await;
    st.items.lock().unwrap().push(1);
}
