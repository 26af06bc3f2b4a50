// An Rc borrowed (cells.borrow_mut()) and then moved into a fn before the
// await: rustc still counts it "maybe used later" across the await, so the
// spawned future is not Send. Only one that was never borrowed is gone.
use std::cell::RefCell;
use std::rc::Rc;

fn total(cells: Rc<RefCell<Vec<u32>>>) -> u32 {
    cells.borrow().iter().sum()
}

async fn sum() -> u32 {
    let cells = Rc::new(RefCell::new(vec![3u32, 4]));
    cells.borrow_mut().push(5);
    let s = total(cells);
    tokio::task::yield_now().await;
    s
}

#[tokio::main]
async fn main() {
    let s = tokio::spawn(sum()).await.unwrap();
    println!("{s}");
}
