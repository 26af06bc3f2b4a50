// Negative: a Box<dyn Formatter> (not Send) moved, never borrowed, into a
// by-value fn before the await: not held across it.
trait Formatter {
    fn format(&self, v: u64) -> String;
}
struct Hex;
impl Formatter for Hex {
    fn format(&self, v: u64) -> String {
        format!("{v:#x}")
    }
}

// (b) a non-Send Box<dyn Formatter> moved into a by-value fn before the await.
fn render_with(f: Box<dyn Formatter>, v: u64) -> String {
    f.format(v)
}

async fn moved_box(seed: u64) -> String {
    let f: Box<dyn Formatter> = Box::new(Hex);
    let s = render_with(f, seed);
    tokio::task::yield_now().await;
    s
}

#[tokio::main]
async fn main() {
    let b = tokio::spawn(moved_box(5)).await.unwrap();
    println!("{b}");
}
