// Cells written after a check that reads them, shared with another thread:
// `if x > c.get() { c.set(x) }` keeps the largest value, one atomic
// fetch_max (a load, then a store, would lose a larger value another
// thread stored in between); the `<` form is fetch_min, and
// `c.set(c.get().max(x))` fetch_max too.
use std::cell::Cell;
use std::sync::Arc;

struct Stats {
    max: Cell<u64>,
    min: Cell<u64>,
    peak: Cell<u64>,
}

impl Stats {
    fn record(&self, v: u64) {
        if v > self.max.get() {
            self.max.set(v);
        }
        if self.min.get() > v {
            self.min.set(v);
        }
        self.peak.set(self.peak.get().max(v * 2));
    }
}

fn main() {
    let s = Arc::new(Stats { max: Cell::new(0), min: Cell::new(u64::MAX), peak: Cell::new(0) });
    let t = s.clone();
    std::thread::spawn(move || {
        for v in [5, 3, 9] {
            t.record(v);
        }
    })
    .join()
    .unwrap();
    println!("{} {} {}", s.max.get(), s.min.get(), s.peak.get());
}
