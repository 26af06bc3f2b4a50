// Shape: std MutexGuard temporary lives in a `match` scrutinee; an arm awaits.
// Sources: https://github.com/cognitive-engineering-lab/rust-book/issues/60 ,
//          https://github.com/rust-lang/rust/issues/57017
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::time::{sleep, Duration};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Fast,
    Slow(u64),
}

struct State {
    mode: Mode,
    served: u32,
}

async fn fetch(key: &str) -> String {
    sleep(Duration::from_millis(2)).await;
    format!("value-of-{key}")
}

async fn lookup(cache: Arc<Mutex<HashMap<String, String>>>, key: String) -> String {
    match cache.lock().unwrap().get(&key) {
        Some(v) => format!("hit:{v}"),
        None => {
            let v = fetch(&key).await;
            format!("miss:{v}")
        }
    }
}

async fn serve(state: Arc<Mutex<State>>, id: u32) -> String {
    let mut st = state.lock().unwrap();
    st.served += 1;
    match st.mode {
        Mode::Fast => format!("req{id}:fast"),
        Mode::Slow(ms) => {
            sleep(Duration::from_millis(ms)).await;
            format!("req{id}:slow{ms}")
        }
    }
}

#[tokio::main]
async fn main() {
    let cache = Arc::new(Mutex::new(HashMap::new()));
    cache.lock().unwrap().insert("a".to_string(), "1".to_string());
    let mut handles = Vec::new();
    for k in ["a", "b", "c"] {
        let c = cache.clone();
        handles.push(tokio::spawn(lookup(c, k.to_string())));
    }
    for h in handles {
        println!("{}", h.await.unwrap());
    }

    let state = Arc::new(Mutex::new(State { mode: Mode::Fast, served: 0 }));
    let r1 = tokio::spawn(serve(state.clone(), 1)).await.unwrap();
    state.lock().unwrap().mode = Mode::Slow(3);
    let r2 = tokio::spawn(serve(state.clone(), 2)).await.unwrap();
    println!("{r1} {r2} served={}", state.lock().unwrap().served);
}
