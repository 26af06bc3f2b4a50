use std::sync::Arc;
use tokio::sync::Mutex;

async fn io() {}

async fn hold(m: Arc<Mutex<Vec<u32>>>) {
    let mut g = m.lock().await;
    io().await;
    g.push(1);
}

async fn forms(m: Arc<Mutex<Vec<u32>>>) -> usize {
    // Not the last statement: the body stays in a block.
    {
        let mut g = m.lock().await;
        g.push(2);
    }
    let n = { let g = m.lock().await; g.len() };
    let g = m.lock().await;
    drop(g);
    if let Ok(g) = m.try_lock() {
        println!("try: {}", g.len());
    }
    println!("{:?}", m.lock().await);
    n + m.lock().await.len()
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(hold(m.clone())).await.unwrap();
    tokio::spawn(forms(m.clone())).await.unwrap();
    let mut m = Arc::try_unwrap(m).unwrap();
    m.get_mut().push(3);
    let v = m.into_inner();
    println!("{v:?}");
}
