// A method with a typed self (self: Arc<Self>) is a method: the spawned
// s.clone().run(2) resolves, and the Rc its future holds becomes an Arc
// (risingwave#20716 shape).
use std::sync::Arc;

struct Session { id: u32 }

impl Session {
    async fn run(self: Arc<Self>, n: u32) -> u32 {
        let marker = Arc::new(1u32);
        tokio::task::yield_now().await;
        *marker + n + self.id
    }
}

#[tokio::main]
async fn main() {
    let s = Arc::new(Session { id: 1 });
    let h = tokio::spawn(s.clone().run(2));
    println!("{}", h.await.unwrap());
}
