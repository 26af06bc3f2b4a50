// A generic parameter T: Debug of an #[async_trait] method, held across an
// await in the impl (async-trait#166, rust#93828): async_trait boxes the
// body as dyn Future + Send, so T gets + Send in the impl and in the
// trait's declaration (an impl may not ask more than its trait).
use async_trait::async_trait;
use std::fmt::Debug;
#[async_trait]
trait Sink {
    async fn publish<T: Debug + Send>(&self, event: T) -> String;
}
struct S;
#[async_trait]
impl Sink for S {
    async fn publish<T: Debug + Send>(&self, event: T) -> String {
        tokio::task::yield_now().await;
        format!("{event:?}")
    }
}
#[tokio::main]
async fn main() {
    println!("{}", S.publish(1).await);
}
