use std::sync::{Arc, Mutex};

async fn io() {}

async fn hold(m: Arc<Mutex<Vec<u32>>>) {
    let mut g = m.lock().unwrap_or_else(|e| e.into_inner());
    io().await;
    g.push(1);
}

async fn forms(m: Arc<Mutex<Vec<u32>>>) -> usize {
    // Not the last statement: the body stays in a block.
    if let Ok(mut g) = m.lock() {
        g.push(2);
    } else {
        eprintln!("poisoned");
    }
    let n = match m.lock() {
        Ok(g) => g.len(),
        Err(_) => 0,
    };
    let g = match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    drop(g);
    if let Ok(g) = m.try_lock() {
        println!("try: {}", g.len());
    }
    println!("{:?}", m.lock().expect("poisoned"));
    n + m.lock().unwrap().len()
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(hold(m.clone())).await.unwrap();
    tokio::spawn(forms(m.clone())).await.unwrap();
    let mut m = Arc::try_unwrap(m).unwrap();
    m.get_mut().unwrap().push(3);
    let v = m.into_inner().unwrap();
    println!("{v:?}");
}
