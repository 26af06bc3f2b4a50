// A self-referential Rc tree: the child built in main and pushed into the
// root's Vec<Rc<Node>> becomes an Arc too.
use std::cell::RefCell;
use std::rc::Rc;
struct Node { kids: RefCell<Vec<Rc<Node>>> }
async fn walk(root: Rc<Node>) -> usize { tokio::task::yield_now().await; root.kids.borrow().len() }
#[tokio::main]
async fn main() {
    let root = Rc::new(Node { kids: RefCell::new(vec![]) });
    let k = Rc::new(Node { kids: RefCell::new(vec![]) });
    root.kids.borrow_mut().push(k);
    println!("{}", tokio::spawn(walk(root.clone())).await.unwrap());
}
