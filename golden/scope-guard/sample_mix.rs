use std::sync::{Arc, Mutex};

async fn some_async_function() {}

async fn fixed_task(data: Arc<Mutex<i32>>, tx: Sender<i32>) {
    tokio::spawn(async move {
        let now = {
            let mut guard = data.lock().unwrap();
            *guard += 1;
            *guard
        };
        // This await keeps the guard alive across threads!
        some_async_function().await;
        println!("Value: {}", now);
    });
    let snapshot = {
        let g = data.lock().unwrap();
        g.clone()
    };
    tx.send(snapshot).await;
    let data_snapshot = data.lock().unwrap().clone();
    tx.send(data_snapshot).await;
    loop {
        let Some(j) = q.lock().unwrap().pop() else { break };
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
