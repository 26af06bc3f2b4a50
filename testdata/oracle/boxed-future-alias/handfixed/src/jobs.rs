use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures::future::{FutureExt, BoxFuture};

pub type JobFuture<'a> = Pin<Box<dyn Future<Output = u64> + Send + 'a>>;

pub trait Job {
    fn name(&self) -> &str;
    fn run(&self, input: u64) -> JobFuture<'_>;
}

pub struct Double;

impl Job for Double {
    fn name(&self) -> &str {
        "double"
    }
    fn run(&self, input: u64) -> JobFuture<'_> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            input * 2
        })
    }
}

pub struct Square;

impl Job for Square {
    fn name(&self) -> &str {
        "square"
    }
    fn run(&self, input: u64) -> JobFuture<'_> {
        square(input)
    }
}

fn square(input: u64) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move { input * input })
}

pub fn delayed(value: u64) -> BoxFuture<'static, u64> {
    async move {
        tokio::task::yield_now().await;
        value + 1
    }
    .boxed()
}
