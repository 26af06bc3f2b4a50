// Cells written after a check that reads them, shared with another thread:
// `if x > c.get() { c.set(x) }` keeps the largest value, one atomic
// fetch_max (a load, then a store, would lose a larger value another
// thread stored in between); the `<` form is fetch_min, and
// `c.set(c.get().max(x))` fetch_max too.
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

struct Stats {
    max: AtomicU64,
    min: AtomicU64,
    peak: AtomicU64,
}

impl Stats {
    fn record(&self, v: u64) {
        if v > self.max.load(Ordering::SeqCst) {
            self.max.fetch_max(v, Ordering::SeqCst);
        }
        if self.min.load(Ordering::SeqCst) > v {
            self.min.fetch_min(v, Ordering::SeqCst);
        }
        self.peak.fetch_max(v * 2, Ordering::SeqCst);
    }
}

fn main() {
    let s = Arc::new(Stats { max: AtomicU64::new(0), min: AtomicU64::new(u64::MAX), peak: AtomicU64::new(0) });
    let t = s.clone();
    std::thread::spawn(move || {
        for v in [5, 3, 9] {
            t.record(v);
        }
    })
    .join()
    .unwrap();
    println!("{} {} {}", s.max.load(Ordering::SeqCst), s.min.load(Ordering::SeqCst), s.peak.load(Ordering::SeqCst));
}
