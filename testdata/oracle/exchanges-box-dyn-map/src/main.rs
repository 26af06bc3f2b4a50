// Shape from xacrimon/dashmap#238: a shared map of `Box<dyn WsSymbols>`
// (no Send/Sync on the trait object) handed to tokio tasks via Arc.
mod symbols;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use symbols::{Binance, Okx, WsSymbols};

pub type WsMapType = Arc<Mutex<HashMap<String, Box<dyn WsSymbols>>>>;

async fn next_price(seed: u64) -> u64 {
    tokio::task::yield_now().await;
    seed * 3 + 7
}

#[tokio::main]
async fn main() {
    let map: WsMapType = Arc::new(Mutex::new(HashMap::new()));
    map.lock().unwrap().insert("binance".into(), Box::new(Binance { last: Default::default() }));
    map.lock().unwrap().insert("okx".into(), Box::new(Okx { ticks: vec![] }));

    let mut handles = Vec::new();
    for (i, name) in ["binance", "okx"].iter().enumerate() {
        let map = map.clone();
        let name = name.to_string();
        handles.push(tokio::spawn(async move {
            let symbols = map.lock().unwrap().get(&name).unwrap().symbols();
            for (j, s) in symbols.iter().enumerate() {
                let price = next_price((i * 10 + j) as u64).await;
                let mut guard = map.lock().unwrap();
                guard.get_mut(&name).unwrap().on_tick(s, price);
            }
            symbols.len()
        }));
    }
    let mut total = 0;
    for h in handles {
        total += h.await.unwrap();
    }
    let guard = map.lock().unwrap();
    let mut names: Vec<_> = guard.keys().cloned().collect();
    names.sort();
    for n in names {
        let ws = &guard[&n];
        for s in ws.symbols() {
            println!("{} {} {:?}", ws.exchange(), s, ws.last(&s));
        }
    }
    println!("ticks: {}", total);
}
