// The names list moves into a task, so Rc<RefCell<..>> must become
// Arc<Mutex<..>>; but the last line borrows it twice in one statement,
// through two handles of one Rc, which a RefCell allows and a Mutex
// deadlocks on: refused, with why. (Two borrows written on one handle
// share one guard: see refcell-two-borrows-one-guard.)
use std::cell::RefCell;
use std::rc::Rc;

#[tokio::main]
async fn main() {
    let names = Rc::new(RefCell::new(Vec::<String>::new()));
    let n = names.clone();
    let view = names.clone();
    tokio::spawn(async move {
        tokio::task::yield_now().await;
        n.borrow_mut().push("ann".to_string());
    })
    .await
    .unwrap();
    println!("{} {:?}", names.borrow().len(), view.borrow().first());
}
