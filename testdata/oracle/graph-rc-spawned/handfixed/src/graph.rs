use std::sync::{Arc, Mutex, Weak};

pub struct Node {
    pub name: String,
    pub children: Mutex<Vec<Arc<Node>>>,
    pub parent: Mutex<Weak<Node>>,
}

pub type NodeRef = Arc<Node>;

pub struct Graph {
    pub root: NodeRef,
    pub all: Vec<NodeRef>,
}

impl Node {
    pub fn new(name: &str) -> NodeRef {
        Arc::new(Node {
            name: name.to_string(),
            children: Mutex::new(Vec::new()),
            parent: Mutex::new(Weak::new()),
        })
    }
}

pub fn add_child(parent: &NodeRef, child: NodeRef) {
    *child.parent.lock().unwrap() = Arc::downgrade(parent);
    parent.children.lock().unwrap().push(child);
}

pub fn build(names: &[&str]) -> Graph {
    let root = Node::new("root");
    let mut all = vec![Arc::clone(&root)];
    for name in names {
        let node = Node::new(name);
        add_child(&root, Arc::clone(&node));
        all.push(node);
    }
    Graph { root, all }
}
