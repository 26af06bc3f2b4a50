// Negative: a trait's native async fn awaited through a generic impl's method
// and a generic fn, spawned only at a concrete type (rustc checks Send there).
trait Loader {
    async fn load(&self, k: u64) -> u64;
}

struct Slow;

impl Loader for Slow {
    async fn load(&self, k: u64) -> u64 {
        tokio::task::yield_now().await;
        k * 100
    }
}

struct Cache<L> {
    loader: L,
}

// Generic, no Send bound: auto traits are checked at the concrete type (Slow).
impl<L: Loader> Cache<L> {
    async fn get(&self, k: u64) -> u64 {
        self.loader.load(k).await
    }
}

async fn drive<L: Loader>(c: Cache<L>) -> u64 {
    c.get(2).await
}

#[tokio::main]
async fn main() {
    let v = tokio::spawn(drive(Cache { loader: Slow })).await.unwrap();
    println!("{v}");
}
