use std::collections::BTreeMap;

use crate::plugin::Plugin;

#[derive(Default)]
pub struct Registry {
    plugins: Vec<Box<dyn Plugin + Send + Sync>>,
    aliases: BTreeMap<String, usize>,
}

impl Registry {
    pub fn register(&mut self, plugin: Box<dyn Plugin + Send + Sync>) {
        let idx = self.plugins.len();
        self.aliases.insert(plugin.name().to_string(), idx);
        self.plugins.push(plugin);
    }

    pub fn names(&self) -> Vec<&str> {
        self.aliases.keys().map(|s| s.as_str()).collect()
    }

    pub fn get(&self, name: &str) -> Option<&(dyn Plugin + Send + Sync)> {
        self.aliases.get(name).map(|&i| self.plugins[i].as_ref())
    }

    /// Runs every plugin that accepts the input, yielding between plugins so a
    /// slow request does not starve the others.
    pub async fn run_all(&self, input: &str) -> Vec<String> {
        let mut out = Vec::new();
        for p in &self.plugins {
            if p.accepts(input) {
                out.push(format!("{}: {}", p.name(), p.handle(input)));
            }
            tokio::task::yield_now().await;
        }
        out
    }
}
