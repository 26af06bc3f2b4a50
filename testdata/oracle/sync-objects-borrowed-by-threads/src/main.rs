// Compiling code (rwEE plugins): `.as_ref()` of a Box<dyn Formatter + Sync>
// is a &(dyn Formatter + Sync), already Send: a scoped thread may borrow
// it, even when the object (a handle with only `unsafe impl Sync`) is not
// Send. A Box<dyn Error + Send + Sync> passed by as_ref() as `&(dyn Error +
// 'static)` makes that parameter need nothing. Nothing to change.
use std::error::Error;
use std::thread;

trait Formatter {
    fn format(&self, s: &str) -> String;
}

// May be used from several threads at once (Sync), but must be freed on
// the thread that made it (not Send).
struct Locale {
    _raw: *const u8,
}

unsafe impl Sync for Locale {}

impl Formatter for Locale {
    fn format(&self, s: &str) -> String {
        s.to_uppercase()
    }
}

fn print_chain(err: &(dyn Error + 'static)) {
    println!("error: {err}");
}

fn fail() -> Box<dyn Error + Send + Sync> {
    "bad".into()
}

fn main() {
    let boxed: Box<dyn Formatter + Sync> = Box::new(Locale { _raw: std::ptr::null() });
    let fmt = boxed.as_ref();
    let out = thread::scope(|s| s.spawn(move || fmt.format("a")).join().unwrap());
    println!("{out}");
    let err = fail();
    print_chain(err.as_ref());
}
