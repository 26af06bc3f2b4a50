// A self-referential Rc tree: the child built in main and pushed into the
// root's Vec<Rc<Node>> becomes an Arc too.
use std::sync::{Arc, Mutex};
struct Node { kids: Mutex<Vec<Arc<Node>>> }
async fn walk(root: Arc<Node>) -> usize { tokio::task::yield_now().await; root.kids.lock().unwrap().len() }
#[tokio::main]
async fn main() {
    let root = Arc::new(Node { kids: Mutex::new(vec![]) });
    let k = Arc::new(Node { kids: Mutex::new(vec![]) });
    root.kids.lock().unwrap().push(k);
    println!("{}", tokio::spawn(walk(root.clone())).await.unwrap());
}
