pub trait Plugin {
    fn name(&self) -> String;
    fn apply(&self, input: &str) -> String;
}

pub struct Upper;

impl Plugin for Upper {
    fn name(&self) -> String {
        "upper".to_string()
    }
    fn apply(&self, input: &str) -> String {
        input.to_uppercase()
    }
}

pub struct Suffix(pub String);

impl Plugin for Suffix {
    fn name(&self) -> String {
        format!("suffix({})", self.0)
    }
    fn apply(&self, input: &str) -> String {
        format!("{input}{}", self.0)
    }
}

pub type Hook = Box<dyn Fn(&str) -> String>;

pub struct Registry {
    plugins: Vec<Box<dyn Plugin>>,
    hooks: Vec<Hook>,
}

impl Registry {
    pub fn new() -> Self {
        Registry { plugins: Vec::new(), hooks: Vec::new() }
    }

    pub fn register(&mut self, plugin: Box<dyn Plugin>) {
        self.plugins.push(plugin);
    }

    pub fn on_output<F>(&mut self, hook: F)
    where
        F: Fn(&str) -> String + 'static,
    {
        self.hooks.push(Box::new(hook));
    }

    pub async fn run(&self, input: &str) -> String {
        let mut value = input.to_string();
        for plugin in &self.plugins {
            tokio::task::yield_now().await;
            value = plugin.apply(&value);
        }
        for hook in &self.hooks {
            value = hook(&value);
        }
        value
    }

    pub fn names(&self) -> Vec<String> {
        self.plugins.iter().map(|p| p.name()).collect()
    }
}
