pub struct Hooks {
    list: Vec<Box<dyn Fn(u32) -> u32 + Send + Sync>>,
}

impl Hooks {
    pub fn new() -> Self {
        Hooks { list: Vec::new() }
    }
    pub fn add(&mut self, f: impl Fn(u32) -> u32 + Send + Sync + 'static) {
        self.list.push(Box::new(f));
    }
    pub fn apply(&self, x: u32) -> u32 {
        self.list.iter().fold(x, |acc, f| f(acc))
    }
}
