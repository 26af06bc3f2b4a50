// google/file-header#5 shape: a static registry of licenses behind a
// Mutex, written `+ Sync` but not `+ Send`. A static must be Sync, and a
// Mutex<T> is Sync only when T is Send: the objects get `+ Send`. No
// thread or task is in sight: the static alone asks it.
use std::sync::Mutex;

trait License {
    fn id(&self) -> &'static str;
}

struct Mit;

impl License for Mit {
    fn id(&self) -> &'static str {
        "MIT"
    }
}

static REGISTRY: Mutex<Vec<Box<dyn License + Sync>>> = Mutex::new(Vec::new());

fn main() {
    REGISTRY.lock().unwrap().push(Box::new(Mit));
    println!("{}", REGISTRY.lock().unwrap()[0].id());
}
