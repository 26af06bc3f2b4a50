mod plugin;
mod registry;

use std::sync::Arc;

use plugin::{Reverse, Upper, WordCount};
use registry::Registry;

type Formatter = Box<dyn Fn(usize, &[String]) -> String>;

fn formatters() -> Vec<Formatter> {
    vec![
        Box::new(|i, lines| format!("request {} ({} results)", i, lines.len())),
        Box::new(|_, lines| lines.iter().map(|l| format!("    {}", l)).collect::<Vec<_>>().join("\n")),
    ]
}

#[tokio::main]
async fn main() {
    let mut reg = Registry::default();
    reg.register(Box::new(Upper));
    reg.register(Box::new(Reverse));
    reg.register(Box::new(WordCount { min_len: 4 }));
    println!("plugins: {}", reg.names().join(", "));
    if let Some(p) = reg.get("wc") {
        println!("direct wc: {}", p.handle("tiny words and longer ones"));
    }

    let reg = Arc::new(reg);
    let inputs = ["hello world", "", "a much longer sentence with many words"];
    let mut handles = Vec::new();
    for input in inputs {
        let reg = Arc::clone(&reg);
        handles.push(tokio::spawn(async move { reg.run_all(input).await }));
    }

    let fmts = formatters();
    for (i, h) in handles.into_iter().enumerate() {
        let lines = h.await.unwrap();
        for f in &fmts {
            println!("{}", f(i, &lines));
        }
    }
}
