// An Rc moved away, never borrowed, into a fn that takes it by value
// before the await: rustc does not count it held, the spawned future is
// Send, and this compiles as it is. (Borrowed first, `cells.borrow_mut()`,
// rustc would still count it "maybe used later".)
use std::cell::RefCell;
use std::rc::Rc;

fn consume_rc(r: Rc<Vec<u32>>) -> usize {
    r.len()
}

fn total(cells: Rc<RefCell<Vec<u32>>>) -> u32 {
    cells.borrow().iter().sum()
}

async fn count() -> usize {
    let shared = Rc::new(vec![1u32, 2]);
    let n = consume_rc(shared);
    tokio::task::yield_now().await;
    n
}

async fn sum() -> u32 {
    let cells = Rc::new(RefCell::new(vec![3u32, 4]));
    let s = total(cells);
    tokio::task::yield_now().await;
    s
}

#[tokio::main]
async fn main() {
    let n = tokio::spawn(count()).await.unwrap();
    let s = tokio::spawn(sum()).await.unwrap();
    println!("{n} {s}");
}
