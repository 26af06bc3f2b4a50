// dashmap#238 shape: a static map of `Box<dyn WsSymbols>` behind a
// OnceLock, read from a spawned thread. Every thread may read a static, so
// its type must be Sync: the trait object gets `+ Send + Sync`, in the
// static and in the accessor that returns it.
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

trait WsSymbols {
    fn name(&self) -> String;
}

struct Spot;

impl WsSymbols for Spot {
    fn name(&self) -> String {
        "spot".into()
    }
}

static WS_MAP: OnceLock<RwLock<HashMap<String, Box<dyn WsSymbols>>>> = OnceLock::new();

fn map() -> &'static RwLock<HashMap<String, Box<dyn WsSymbols>>> {
    WS_MAP.get_or_init(|| RwLock::new(HashMap::new()))
}

fn main() {
    map().write().unwrap().insert("btc".into(), Box::new(Spot));
    let h = std::thread::spawn(|| map().read().unwrap()["btc"].name());
    println!("{}", h.join().unwrap());
}
