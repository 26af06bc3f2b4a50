mod graph;
mod report;

use std::rc::Rc;

#[tokio::main]
async fn main() {
    let graph = Rc::new(graph::build(&["a", "b", "c"]));
    let for_task = Rc::clone(&graph);
    let handle = tokio::spawn(async move { report::summarize(for_task).await });
    println!("{}", report::banner("graph"));
    println!("{}", handle.await.unwrap());
    println!("root has {} children, {} refs", graph.root.children.borrow().len(), Rc::strong_count(&graph.root));
}
