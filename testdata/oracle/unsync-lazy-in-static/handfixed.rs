// deno_lint#433: a static holds once_cell's unsync Lazy, which is not
// Sync, and every static must be. It becomes once_cell::sync::Lazy (the
// import swapped, since every use is the static's); std's OnceCell in a
// static becomes OnceLock. A local unsync Lazy stays as it is.
use once_cell::sync::Lazy;
use std::sync::OnceLock;

static IGNORE_SEP: Lazy<Vec<char>> = Lazy::new(|| vec![',', ' ']);

static PREFIX: OnceLock<String> = OnceLock::new();

fn codes(line: &str) -> Vec<&str> {
    line.split(&IGNORE_SEP[..]).filter(|s| !s.is_empty()).collect()
}

fn main() {
    let prefix = PREFIX.get_or_init(|| "deno-lint-ignore".to_string());
    let line = "no-unused-vars, prefer-const";
    println!("{prefix}: {:?}", codes(line));
    let local = once_cell::unsync::Lazy::new(|| line.len());
    println!("{}", *local);
}
