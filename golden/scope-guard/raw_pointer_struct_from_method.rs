// wasm-lsp-server#61 shape: `tree.root_node()` returns a struct holding a
// raw pointer; its type is not written at the let, but the file's only
// `fn root_node` returns Node. Held across the await in a spawned task,
// it is scoped in a block that ends before the await.
struct Tree {
    n: usize,
}

struct Node {
    raw: *const Tree,
}

impl Tree {
    fn root_node(&self) -> Node {
        Node { raw: self }
    }
}

impl Node {
    fn count(&self) -> usize {
        unsafe { (*self.raw).n }
    }
}

async fn publish(errors: usize) -> usize {
    tokio::task::yield_now().await;
    errors
}

async fn audit(tree: Tree) -> usize {
    let errors = {
        let node = tree.root_node();
        node.count()
    };
    publish(errors).await
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(audit(Tree { n: 2 })).await.unwrap());
}
