use std::sync::{Arc, Mutex};

async fn io() {}

async fn work(m: Arc<Mutex<Vec<u8>>>) {
    let mut g = m.lock().unwrap();
    io().await;
    g.push(1);
}

fn main() {
    let m = Arc::new(Mutex::new(Vec::new()));
    smol::block_on(smol::spawn(work(m)));
}
