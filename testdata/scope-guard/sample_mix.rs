use std::sync::{Arc, Mutex};

async fn some_async_function() {}

async fn fixed_task(data: Arc<Mutex<i32>>, tx: Sender<i32>) {
    tokio::spawn(async move {
        let mut guard = data.lock().unwrap();
        *guard += 1;
        let now = *guard;
        // This await keeps the guard alive across threads!
        some_async_function().await;
        println!("Value: {}", now);
    });
    let g = data.lock().unwrap();
    tx.send(g.clone()).await;
    tx.send(data.lock().unwrap().clone()).await;
    while let Some(j) = q.lock().unwrap().pop() {
        run(j).await;
    }
    let g2 = data.lock().unwrap();
    foo().await;
    println!("{}", g2);
}

#[tokio::main]
async fn main() {
    let g = m.lock().unwrap();
    foo().await;
}
