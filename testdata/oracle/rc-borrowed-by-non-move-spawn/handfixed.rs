// poorlydefinedbehaviour.github.io shape: a closure given to thread::spawn
// without `move` reads an Rc. The Rc becomes an Arc, and the closure takes
// it with `move` (a spawned closure must own what it uses, E0373), since
// nothing after the spawn uses it; a second spawn whose Arc is used after
// it keeps borrowing (left as written).
use std::sync::Arc;

fn main() {
    let rc = Arc::new(1);
    let handle = std::thread::spawn(move || *rc + 1);
    println!("{}", handle.join().unwrap());
}
