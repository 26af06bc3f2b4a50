// Non-Send types declared in inline modules with their own imports, used
// in a spawned task: in `mod stun` and `mod lib` the converted types are
// written with full paths and the modules' unused imports go; the crate
// root's import is replaced as usual.
mod stun {

    pub struct Msg {
        pub software: std::sync::Arc<str>,
    }
    pub fn build() -> Msg {
        Msg { software: std::sync::Arc::from("sim") }
    }
}

mod lib {

    pub struct Conn {
        pub state: std::sync::Mutex<Option<u32>>,
    }

    impl Conn {
        pub fn new() -> Conn {
            Conn { state: std::sync::Mutex::new(None) }
        }
        pub async fn send(&self, v: u32) -> u32 {
            let old = self.state.lock().unwrap().replace(v);
            tokio::task::yield_now().await;
            old.unwrap_or(0) + *self.state.lock().unwrap().as_ref().unwrap()
        }
    }
}

use std::sync::Arc;

async fn stun_task() -> usize {
    let msg = stun::build();
    tokio::task::yield_now().await;
    msg.software.len()
}

async fn lib_task() -> u32 {
    let c = lib::Conn::new();
    c.send(1).await + c.send(2).await
}

async fn root_task() -> usize {
    let extra: Arc<str> = Arc::from("x");
    tokio::task::yield_now().await;
    extra.len()
}

#[tokio::main]
async fn main() {
    let a = tokio::spawn(stun_task()).await.unwrap();
    let b = tokio::spawn(lib_task()).await.unwrap();
    let c = tokio::spawn(root_task()).await.unwrap();
    println!("{a} {b} {c}");
}
