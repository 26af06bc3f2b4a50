use std::cell::{Ref, RefCell};

pub struct Store {
    items: RefCell<Vec<u32>>,
}

impl Store {
    pub fn new() -> Self {
        Store { items: RefCell::new(Vec::new()) }
    }
    pub fn add(&self, x: u32) {
        self.items.borrow_mut().push(x);
    }
    pub fn items(&self) -> Ref<'_, Vec<u32>> {
        self.items.borrow()
    }
}
