use std::cell::RefCell;
use std::rc::{Rc, Weak};

pub struct Node {
    pub name: String,
    pub children: RefCell<Vec<Rc<Node>>>,
    pub parent: RefCell<Weak<Node>>,
}

pub type NodeRef = Rc<Node>;

pub struct Graph {
    pub root: NodeRef,
    pub all: Vec<NodeRef>,
}

impl Node {
    pub fn new(name: &str) -> NodeRef {
        Rc::new(Node {
            name: name.to_string(),
            children: RefCell::new(Vec::new()),
            parent: RefCell::new(Weak::new()),
        })
    }
}

pub fn add_child(parent: &NodeRef, child: NodeRef) {
    *child.parent.borrow_mut() = Rc::downgrade(parent);
    parent.children.borrow_mut().push(child);
}

pub fn build(names: &[&str]) -> Graph {
    let root = Node::new("root");
    let mut all = vec![Rc::clone(&root)];
    for name in names {
        let node = Node::new(name);
        add_child(&root, Rc::clone(&node));
        all.push(node);
    }
    Graph { root, all }
}
