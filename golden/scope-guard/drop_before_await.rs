// Tests: an explicit drop(guard) before the .await. rustc 1.95 still
// rejects the future once the guard was used (drop does not end the
// borrow-checker's view of its scope for the generator), so the statements
// move into a block and the final drop(guard), now redundant, is removed.
// Covers drop(g), std::mem::drop(g) and mem::drop(g), and a drop that is
// not the last statement before the await.
use std::mem;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Inventory {
    stock: Mutex<u32>,
    reserved: Mutex<Vec<u64>>,
}

async fn notify_warehouse(order: u64) {
    tokio::time::sleep(Duration::from_millis(order % 2)).await;
}

async fn reserve(inv: Arc<Inventory>, order: u64) {
    {
        let mut stock = inv.stock.lock().unwrap();
        *stock -= 1;
    }
    notify_warehouse(order).await;
}

async fn reserve_logged(inv: Arc<Inventory>, order: u64) {
    {
        let mut reserved = inv.reserved.lock().unwrap();
        reserved.push(order);
    }
    notify_warehouse(order).await;
}

async fn release(inv: Arc<Inventory>, order: u64) {
    {
        let mut reserved = inv.reserved.lock().unwrap();
        reserved.retain(|o| *o != order);
    }
    println!("released {order}");
    notify_warehouse(order).await;
}

#[tokio::main]
async fn main() {
    let inv = Arc::new(Inventory { stock: Mutex::new(10), reserved: Mutex::new(Vec::new()) });
    tokio::spawn(reserve(inv.clone(), 1)).await.unwrap();
    tokio::spawn(reserve_logged(inv.clone(), 2)).await.unwrap();
    tokio::spawn(release(inv.clone(), 2)).await.unwrap();
}
