use std::sync::{Arc, Mutex};

pub enum Event {
    Done(u32),
    Idle,
}

#[derive(Clone, Default)]
pub struct Bus {
    subs: Arc<Mutex<Vec<Box<dyn Fn(&Event)>>>>,
}

impl Bus {
    pub fn subscribe<F: Fn(&Event) + 'static>(&self, f: F) {
        self.subs.lock().unwrap().push(Box::new(f));
    }
    pub fn emit(&self, e: Event) {
        for s in self.subs.lock().unwrap().iter() {
            s(&e);
        }
    }
}
