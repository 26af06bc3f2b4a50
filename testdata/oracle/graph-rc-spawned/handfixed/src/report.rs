use std::rc::Rc;
use std::sync::Arc;

use crate::graph::{Graph, NodeRef};

pub async fn summarize(graph: Arc<Graph>) -> String {
    let mut lines = Vec::new();
    for node in &graph.all {
        tokio::task::yield_now().await;
        lines.push(describe(node));
    }
    lines.join("\n")
}

fn describe(node: &NodeRef) -> String {
    let parent = node.parent.lock().unwrap().upgrade().map(|p| p.name.clone()).unwrap_or_else(|| "-".to_string());
    format!("{} (parent {}, children {})", node.name, parent, node.children.lock().unwrap().len())
}

/// A banner built with an Rc that never leaves this function: it stays an Rc.
pub fn banner(title: &str) -> String {
    let shared = Rc::new(title.to_uppercase());
    let copy = Rc::clone(&shared);
    format!("== {} ({} refs) ==", copy, Rc::strong_count(&shared))
}
