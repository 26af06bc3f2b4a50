// One struct coerced into two trait objects: an `Arc<dyn Formatter + Send
// + Sync>` a spawned task holds, and a `Box<dyn Formatter>` consumed before
// the await. What the first object must be, Dec must be; the second object
// is another type and needs nothing (rwO o12).
use std::sync::Arc;

trait Formatter {
    fn format(&self, v: u64) -> String;
}

struct Dec;

impl Formatter for Dec {
    fn format(&self, v: u64) -> String {
        v.to_string()
    }
}

fn render_with(f: Box<dyn Formatter>, v: u64) -> String {
    f.format(v)
}

async fn host(fmt: Arc<dyn Formatter + Send + Sync>, seed: u64) -> Vec<String> {
    let mut out = Vec::new();
    let plain = {
        let f: Box<dyn Formatter> = Box::new(Dec);
        f.format(seed)
    };
    tokio::task::yield_now().await;
    out.push(plain);
    let chosen: Box<dyn Formatter> = Box::new(Dec);
    let rendered = render_with(chosen, seed + 1);
    tokio::task::yield_now().await;
    out.push(rendered);
    out.push(fmt.format(seed + 2));
    out
}

#[tokio::main]
async fn main() {
    let f: Arc<dyn Formatter + Send + Sync> = Arc::new(Dec);
    let out = tokio::spawn(host(f, 4)).await.unwrap();
    println!("{out:?}");
}
