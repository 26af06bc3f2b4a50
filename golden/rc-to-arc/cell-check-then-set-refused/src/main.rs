// A Cell set after a check no single atomic operation does (`if c.get()
// == 0 { c.set(v) }` is a compare-and-set sendfix does not write): reported,
// nothing changed.
use std::cell::Cell;
use std::sync::Arc;

struct Slot {
    first: Cell<u64>,
}

fn main() {
    let s = Arc::new(Slot { first: Cell::new(0) });
    let t = s.clone();
    std::thread::spawn(move || {
        if t.first.get() == 0 {
            t.first.set(7);
        }
    })
    .join()
    .unwrap();
    println!("{}", s.first.get());
}
