use std::cell::RefCell;
use std::rc::Rc;

fn total(c: &RefCell<Vec<i32>>) -> i32 {
    c.borrow().iter().sum()
}

async fn work(c: Rc<RefCell<Vec<i32>>>) -> String {
    tokio::task::yield_now().await;
    let items = c.borrow();
    let t = total(&c);
    format!("items={:?} total={t}", *items)
}

#[tokio::main]
async fn main() {
    let c = Rc::new(RefCell::new(vec![1, 2, 3]));
    let h = tokio::spawn(work(c.clone()));
    match tokio::time::timeout(std::time::Duration::from_secs(3), h).await {
        Ok(r) => println!("{}", r.unwrap()),
        Err(_) => println!("TIMEOUT (deadlock)"),
    }
    std::process::exit(0);
}
