// rust-web3#525 shape: an #[async_trait] default method, generic over
// `T: Transport + Send + Sync`, awaits the transport's `T::Out` future.
// async_trait boxes the body as a Send future, so the method gets `where
// T::Out: Send`, as rustc suggests.
use std::future::Future;

trait Transport {
    type Out: Future<Output = u32>;
    fn execute(&self, method: &str) -> Self::Out;
}

struct Http;

impl Transport for Http {
    type Out = std::future::Ready<u32>;
    fn execute(&self, method: &str) -> Self::Out {
        std::future::ready(method.len() as u32)
    }
}

#[async_trait::async_trait]
trait Token {
    async fn query_balance<T: Transport + Send + Sync>(&self, t: T) -> u32
    where
        T::Out: Send,
    {
        let fut = t.execute("balanceOf");
        fut.await
    }
}

struct TokenImpl;

impl Token for TokenImpl {}

#[tokio::main]
async fn main() {
    println!("{}", TokenImpl.query_balance(Http).await);
}
