// Send comes from a supertrait of a supertrait: Backend: Named + Sync, Named: Send.
use std::sync::Arc;

pub trait Named: Send {
    fn name(&self) -> &'static str;
}

pub trait Backend: Named + Sync {
    fn get(&self) -> u32;
}

struct Mem;
impl Named for Mem {
    fn name(&self) -> &'static str {
        "mem"
    }
}
impl Backend for Mem {
    fn get(&self) -> u32 {
        7
    }
}

pub type Shared = Arc<dyn Backend>;

#[tokio::main]
async fn main() {
    let backend: Shared = Arc::new(Mem);
    let task = tokio::spawn(async move {
        tokio::task::yield_now().await;
        format!("{} {}", backend.name(), backend.get())
    });
    println!("{}", task.await.unwrap());
}
