use std::cell::RefCell;
use std::rc::Rc;

#[derive(Clone)]
pub struct State {
    pub items: Rc<RefCell<Vec<u32>>>,
}

impl State {
    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }
}

pub async fn ui_task(st: State) {
    tokio::task::yield_now().await;
    st.items.borrow_mut().push(1);
}
