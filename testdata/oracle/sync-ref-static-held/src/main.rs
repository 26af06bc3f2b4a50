// `&(dyn Formatter + Sync)` is already Send (`&T` is Send when T is Sync):
// held across an await in a spawned task, it needs no `+ Send`.
trait Formatter {
    fn format(&self, v: u64) -> String;
}

struct Hex;

impl Formatter for Hex {
    fn format(&self, v: u64) -> String {
        format!("{v:#x}")
    }
}

static HEX: &(dyn Formatter + Sync) = &Hex;

async fn held_ref(seed: u64) -> String {
    let hex = HEX;
    tokio::task::yield_now().await;
    hex.format(seed)
}

#[tokio::main]
async fn main() {
    let s = tokio::spawn(held_ref(255)).await.unwrap();
    println!("{s}");
}
