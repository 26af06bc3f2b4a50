// graphql-ws-client#42: a builder whose PhantomData<*const G> only marks
// variance is used after an await in a spawned task: reported, with the
// PhantomData<fn() -> G> remedy (sendfix does not guess which it is).
use std::marker::PhantomData;

struct Builder<G> {
    size: usize,
    phantom: PhantomData<*const G>, // fix: PhantomData<fn() -> G>
}
impl<G> Builder<G> {
    async fn build(self) -> usize {
        tokio::task::yield_now().await;
        self.size
    }
}

struct Client;

#[tokio::main]
async fn main() {
    let h = tokio::spawn(async {
        let b = Builder::<Client> { size: 16, phantom: PhantomData };
        tokio::task::yield_now().await; // connect
        b.build().await
    });
    println!("{}", h.await.unwrap());
}
