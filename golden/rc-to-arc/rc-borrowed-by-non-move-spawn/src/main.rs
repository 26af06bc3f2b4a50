// poorlydefinedbehaviour.github.io shape: closures given to thread::spawn
// without `move` read an Rc. The Rc becomes an Arc, and each closure takes
// it with `move` (a spawned closure must own what it uses, E0373): the
// first as it is, since nothing after the spawn uses it; the second owns a
// clone, since the code still reads the Arc after its spawn.
use std::sync::Arc;

fn main() {
    let rc = Arc::new(1);
    let handle = std::thread::spawn(move || *rc + 1);
    println!("{}", handle.join().unwrap());

    let shared = Arc::new(41);
    let handle = std::thread::spawn({ let shared = shared.clone(); move || *shared + 1 });
    println!("{}", handle.join().unwrap());
    println!("strong count in main: {}", Arc::strong_count(&shared));
}
