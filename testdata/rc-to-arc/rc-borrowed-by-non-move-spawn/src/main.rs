// poorlydefinedbehaviour.github.io shape: closures given to thread::spawn
// without `move` read an Rc. The Rc becomes an Arc, and each closure takes
// it with `move` (a spawned closure must own what it uses, E0373): the
// first as it is, since nothing after the spawn uses it; the second owns a
// clone, since the code still reads the Arc after its spawn.
use std::rc::Rc;

fn main() {
    let rc = Rc::new(1);
    let handle = std::thread::spawn(|| *rc + 1);
    println!("{}", handle.join().unwrap());

    let shared = Rc::new(41);
    let handle = std::thread::spawn(|| *shared + 1);
    println!("{}", handle.join().unwrap());
    println!("strong count in main: {}", Rc::strong_count(&shared));
}
