// async-trait#280 shape: a default method of an #[async_trait] trait
// generic over S takes `(bool, &mut S)`; async_trait boxes its future as
// Send, so S must be Send: the trait's parameter gets the bound.
use async_trait::async_trait;

#[async_trait]
trait Step<S> {
    async fn apply_if(&self, args: (bool, &mut S)) -> bool {
        tokio::task::yield_now().await;
        args.0
    }
}

struct Add;

impl Step<u32> for Add {}

#[tokio::main]
async fn main() {
    let mut n = 1u32;
    let applied = Add.apply_if((true, &mut n)).await;
    println!("{applied} {n}");
}
