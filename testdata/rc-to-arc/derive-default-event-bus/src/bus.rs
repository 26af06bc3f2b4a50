use std::cell::RefCell;
use std::rc::Rc;

pub enum Event {
    Done(u32),
    Idle,
}

#[derive(Clone, Default)]
pub struct Bus {
    subs: Rc<RefCell<Vec<Box<dyn Fn(&Event)>>>>,
}

impl Bus {
    pub fn subscribe<F: Fn(&Event) + 'static>(&self, f: F) {
        self.subs.borrow_mut().push(Box::new(f));
    }
    pub fn emit(&self, e: Event) {
        for s in self.subs.borrow().iter() {
            s(&e);
        }
    }
}
