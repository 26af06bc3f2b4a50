// Compiling code (rwCC cc07): objects with more auto traits coerce into
// places that write fewer. `s.as_ref()` of an Arc<dyn Store + Send + Sync>
// passed as `&dyn Store`, a `&(dyn Store + Sync)` let of it held in a
// spawned task (a `&T` needs only T: Sync), and one constructor's struct
// both captured by a thread (through a generic wrapper) and boxed into a
// local `Box<dyn Store>`: none of these places needs a bound.
use std::sync::Arc;

trait Store {
    fn name(&self) -> String;
}

struct Mem(&'static str);

impl Mem {
    fn new(name: &'static str) -> Self {
        Mem(name)
    }
}

impl Store for Mem {
    fn name(&self) -> String {
        self.0.to_string()
    }
}

struct Tagged<S> {
    inner: S,
}

impl<S> Tagged<S> {
    fn new(inner: S) -> Self {
        Tagged { inner }
    }
}

fn line(store: &dyn Store) -> String {
    format!("store {}", store.name())
}

#[tokio::main]
async fn main() {
    let shared: Arc<dyn Store + Send + Sync> = Arc::new(Mem::new("shared"));
    let s = shared.clone();
    let h = tokio::spawn(async move {
        let text = line(s.as_ref());
        let sync_ref: &(dyn Store + Sync) = &*s;
        tokio::task::yield_now().await;
        format!("{text} / {}", sync_ref.name())
    });
    println!("{}", h.await.unwrap());

    let tagged = Tagged::new(Mem::new("tagged"));
    let t = std::thread::spawn(move || tagged.inner.name());
    println!("{}", t.join().unwrap());

    let plain: Box<dyn Store> = Box::new(Mem::new("plain"));
    println!("{}", line(plain.as_ref()));
}
