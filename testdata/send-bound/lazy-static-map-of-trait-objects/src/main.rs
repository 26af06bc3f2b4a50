// dashmap#238: a lazy_static map of `Box<dyn WsSymbols>`, read from a
// spawned thread. lazy_static! declares a static, which every thread may
// read, so its type must be Sync: the trait object gets `+ Send + Sync`,
// in the alias the static is written with. A thread_local! is not shared:
// its object is left alone.
#[macro_use]
extern crate lazy_static;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

pub trait WsSymbols {
    fn name(&self) -> String;
}

struct Spot(&'static str);

impl WsSymbols for Spot {
    fn name(&self) -> String {
        format!("spot {}", self.0)
    }
}

pub type WsMapType = Arc<RwLock<HashMap<String, Box<dyn WsSymbols>>>>;

lazy_static! {
    /// Every exchange's symbols, by name.
    pub static ref WS_MAP: WsMapType = Arc::new(RwLock::new(HashMap::new()));
    static ref NAMES: Vec<&'static str> = vec!["btc", "eth"];
}

thread_local! {
    static LAST: RefCell<Option<Box<dyn WsSymbols>>> = RefCell::new(None);
}

fn main() {
    for name in NAMES.iter() {
        WS_MAP.write().unwrap().insert(name.to_string(), Box::new(Spot(name)));
    }
    LAST.with(|l| *l.borrow_mut() = Some(Box::new(Spot("local"))));
    let h = std::thread::spawn(|| {
        let map = WS_MAP.read().unwrap();
        NAMES.iter().map(|n| map[*n].name()).collect::<Vec<_>>().join(", ")
    });
    println!("{}", h.join().unwrap());
    LAST.with(|l| println!("{}", l.borrow().as_ref().unwrap().name()));
}
