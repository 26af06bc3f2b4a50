// An Rc borrowed (cells.borrow_mut()) and then moved into a fn before the
// await: rustc still counts it "maybe used later" across the await, so the
// spawned future is not Send. Only one that was never borrowed is gone.
use std::sync::{Arc, Mutex};

fn total(cells: Arc<Mutex<Vec<u32>>>) -> u32 {
    cells.lock().unwrap().iter().sum()
}

async fn sum() -> u32 {
    let cells = Arc::new(Mutex::new(vec![3u32, 4]));
    cells.lock().unwrap().push(5);
    let s = total(cells);
    tokio::task::yield_now().await;
    s
}

#[tokio::main]
async fn main() {
    let s = tokio::spawn(sum()).await.unwrap();
    println!("{s}");
}
