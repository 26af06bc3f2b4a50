mod render;

use render::Element;
use std::sync::Arc;

struct ToolchainRegistry {
    plugins: Vec<String>,
}

impl ToolchainRegistry {
    async fn call_func_all_with_check(self: Arc<Self>) -> Vec<String> {
        let mut out = Vec::new();
        for p in &self.plugins {
            let el = Element::new(p, 2);
            match el.render_loop().await {
                Ok(frames) => out.extend(frames),
                Err(e) => out.push(format!("error: {}", e)),
            }
        }
        out
    }
}

#[tokio::main]
async fn main() {
    let reg = Arc::new(ToolchainRegistry { plugins: vec!["node".into(), "rust".into()] });
    let h = tokio::spawn(reg.clone().call_func_all_with_check());
    for line in h.await.unwrap() {
        println!("{}", line);
    }
}
