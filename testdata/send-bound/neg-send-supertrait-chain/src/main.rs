mod error;
mod plugin;

use error::Result;
use plugin::{Hook, Loader, MemLoader, Plugin};
use std::future::Future;
use std::sync::Arc;
use tokio::task::JoinHandle;

struct Registry {
    plugins: Vec<Box<dyn Plugin>>,
    hooks: Vec<Hook>,
}

impl Registry {
    fn on_output<F>(&mut self, hook: F)
    where
        F: Fn(&str) -> String + Send + Sync + 'static,
    {
        self.hooks.push(Box::new(hook));
    }

    async fn run_all(&self, input: &str) -> Vec<String> {
        let mut out = Vec::new();
        for p in &self.plugins {
            let r: Result<String> = p.run(input).await;
            let line = match r {
                Ok(s) => self.hooks.iter().fold(s, |acc, h| h(&acc)),
                Err(e) => format!("{} failed: {}", p.name(), e),
            };
            out.push(line);
        }
        out
    }
}

fn spawn_named<F>(name: &'static str, fut: F) -> JoinHandle<(String, F::Output)>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(async move { (name.to_string(), fut.await) })
}

async fn load_all<L: Loader + Send + Sync + 'static>(loader: Arc<L>, keys: Vec<u32>) -> Vec<String> {
    let mut hs = Vec::new();
    for k in keys {
        let l = loader.clone();
        hs.push(tokio::spawn(async move { l.load(k).await }));
    }
    let mut v = Vec::new();
    for h in hs {
        v.push(h.await.unwrap());
    }
    v
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut reg = Registry {
        plugins: vec![Box::new(plugin::Upper), Box::new(plugin::Fails)],
        hooks: Vec::new(),
    };
    reg.on_output(|s| format!("[{}]", s));
    let reg = Arc::new(reg);

    let r2 = reg.clone();
    let lines = spawn_named("plugins", async move { r2.run_all("hello").await }).await?;
    println!("{}: {:?}", lines.0, lines.1);

    let jobs: Vec<plugin::Job> = (1..=3).map(plugin::make_job).collect();
    let mut set = tokio::task::JoinSet::new();
    for j in jobs {
        set.spawn(j);
    }
    let mut sum = 0;
    while let Some(r) = set.join_next().await {
        sum += r?;
    }
    let len = spawn_named("len", plugin::boxed_len("abcd".into())).await?.1;
    let loaded = load_all(Arc::new(MemLoader), vec![1, 2]).await;
    println!("jobs={} len={} loaded={:?}", sum, len, loaded);
    Ok(())
}
