// async-trait#231 / ethers-rs#2083: a contract call awaited through its
// IntoFuture impl (`call.await` is `call.into_future().await`) inside an
// #[async_trait] method, whose future must be Send. The boxed future gets
// `+ Send`, and the call's decoded type D, held through a PhantomData,
// gets the bounds the boxed block needs.
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

pub trait Detokenize: Sized {
    fn from_bytes(b: &[u8]) -> Self;
}

impl Detokenize for u32 {
    fn from_bytes(b: &[u8]) -> Self {
        b.iter().map(|x| *x as u32).sum()
    }
}

pub struct ContractCall<D> {
    selector: &'static str,
    _d: PhantomData<D>,
}

impl<D: Detokenize + 'static> IntoFuture for ContractCall<D> {
    type Output = D;
    type IntoFuture = Pin<Box<dyn Future<Output = D>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            tokio::task::yield_now().await;
            D::from_bytes(self.selector.as_bytes())
        })
    }
}

#[async_trait::async_trait]
trait Comet {
    async fn num_assets(&self) -> u32;
}

struct Client;

#[async_trait::async_trait]
impl Comet for Client {
    async fn num_assets(&self) -> u32 {
        let call: ContractCall<u32> = ContractCall { selector: "numAssets()", _d: PhantomData };
        call.await
    }
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(async { Client.num_assets().await }).await.unwrap());
}
