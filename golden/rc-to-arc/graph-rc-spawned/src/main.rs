mod graph;
mod report;

use std::sync::Arc;

#[tokio::main]
async fn main() {
    let graph = Arc::new(graph::build(&["a", "b", "c"]));
    let for_task = Arc::clone(&graph);
    let handle = tokio::spawn(async move { report::summarize(for_task).await });
    println!("{}", report::banner("graph"));
    println!("{}", handle.await.unwrap());
    println!("root has {} children, {} refs", graph.root.children.lock().unwrap().len(), Arc::strong_count(&graph.root));
}
