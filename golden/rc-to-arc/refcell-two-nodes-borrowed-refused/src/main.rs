// xrust#123 shape: an Rc-based tree held across an await in a spawned
// task. Converting its RefCell to a Mutex would lock `children` of two
// nodes while the first lock lives: refused, and the message says the
// deadlock needs both to be one node.
use std::cell::RefCell;
use std::rc::Rc;

struct Node {
    text: String,
    children: RefCell<Vec<Rc<Node>>>,
}

fn leaf(text: &str) -> Rc<Node> {
    Rc::new(Node { text: text.to_string(), children: RefCell::new(Vec::new()) })
}

fn transform(src: &Rc<Node>, style: &Rc<Node>) -> String {
    let rules = style.children.borrow();
    let prefix = rules.first().map(|r| r.text.clone()).unwrap_or_default();
    let mut out = Vec::new();
    for child in src.children.borrow().iter() {
        out.push(format!("{prefix}{}", child.text));
    }
    out.join(",")
}

async fn serve(body: String) -> String {
    let doc = leaf("doc");
    doc.children.borrow_mut().push(leaf(&body));
    let style = leaf("style");
    style.children.borrow_mut().push(leaf("li:"));
    tokio::task::yield_now().await;
    transform(&doc, &style)
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(serve("item".to_string())).await.unwrap());
}
