/// A text-processing plugin loaded at startup.
pub trait Plugin {
    fn name(&self) -> &str;
    fn accepts(&self, input: &str) -> bool {
        !input.is_empty()
    }
    fn handle(&self, input: &str) -> String;
}

pub struct Upper;
pub struct Reverse;
pub struct WordCount {
    pub min_len: usize,
}

impl Plugin for Upper {
    fn name(&self) -> &str {
        "upper"
    }
    fn handle(&self, input: &str) -> String {
        input.to_uppercase()
    }
}

impl Plugin for Reverse {
    fn name(&self) -> &str {
        "reverse"
    }
    fn accepts(&self, input: &str) -> bool {
        input.len() < 20
    }
    fn handle(&self, input: &str) -> String {
        input.chars().rev().collect()
    }
}

impl Plugin for WordCount {
    fn name(&self) -> &str {
        "wc"
    }
    fn handle(&self, input: &str) -> String {
        let n = input.split_whitespace().filter(|w| w.len() >= self.min_len).count();
        format!("{} words >= {}", n, self.min_len)
    }
}
