// A `&dyn Formatter` held across an await in a spawned task: `&T` is Send
// when T is Sync, so the trait object needs `+ Sync`, not `+ Send`.
trait Formatter {
    fn format(&self, v: u64) -> String;
}

struct Hex;

impl Formatter for Hex {
    fn format(&self, v: u64) -> String {
        format!("{v:#x}")
    }
}

static HEX: Hex = Hex;

async fn render(f: &'static (dyn Formatter + Sync), seed: u64) -> String {
    tokio::task::yield_now().await;
    f.format(seed)
}

#[tokio::main]
async fn main() {
    let s = tokio::spawn(render(&HEX, 255)).await.unwrap();
    println!("{s}");
}
