// A generic async fn awaiting a trait's async fn, spawned only from main
// with a concrete type: rustc checks that impl's future, which is Send;
// the trait needs no bound.
trait Source {
    async fn fetch(&self) -> u32;
}

struct Fixed(u32);

impl Source for Fixed {
    async fn fetch(&self) -> u32 { self.0 }
}

async fn ingest<S: Source>(src: S) -> u32 {
    src.fetch().await + 1
}

#[tokio::main]
async fn main() {
    let n = tokio::spawn(ingest(Fixed(41))).await.unwrap();
    println!("{}", n);
}
