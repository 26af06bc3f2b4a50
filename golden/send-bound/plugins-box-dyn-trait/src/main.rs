mod plugins;

use std::sync::Arc;

use plugins::{Registry, Suffix, Upper};

#[tokio::main]
async fn main() {
    let mut registry = Registry::new();
    registry.register(Box::new(Upper));
    registry.register(Box::new(Suffix("!".to_string())));
    registry.on_output(|s| format!("[{s}]"));
    let registry = Arc::new(registry);
    println!("plugins: {}", registry.names().join(", "));
    let mut handles = Vec::new();
    for word in ["hello", "tokio"] {
        let registry = Arc::clone(&registry);
        handles.push(tokio::spawn(async move { registry.run(word).await }));
    }
    for h in handles {
        println!("{}", h.await.unwrap());
    }
}
