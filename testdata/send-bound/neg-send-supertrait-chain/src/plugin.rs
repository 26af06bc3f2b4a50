use crate::error::{PluginError, Result};
use async_trait::async_trait;
use futures::future::BoxFuture;
use futures::FutureExt;
use std::future::Future;
use std::pin::Pin;

/// Send + Sync come from this supertrait; every Plugin object is Send.
pub trait Named: Send + Sync {
    fn name(&self) -> &str;
}

#[async_trait]
pub trait Plugin: Named {
    async fn run(&self, input: &str) -> Result<String>;
}

pub trait Loader {
    fn load(&self, key: u32) -> impl Future<Output = String> + Send;
}

pub type Job = Pin<Box<dyn Future<Output = usize> + Send + 'static>>;
pub type Hook = Box<dyn Fn(&str) -> String + Send + Sync>;

pub struct Upper;
pub struct Fails;
pub struct MemLoader;

impl Named for Upper {
    fn name(&self) -> &str { "upper" }
}
impl Named for Fails {
    fn name(&self) -> &str { "fails" }
}

#[async_trait]
impl Plugin for Upper {
    async fn run(&self, input: &str) -> Result<String> {
        tokio::task::yield_now().await;
        Ok(input.to_uppercase())
    }
}

#[async_trait]
impl Plugin for Fails {
    async fn run(&self, input: &str) -> Result<String> {
        tokio::task::yield_now().await;
        Err(Box::new(PluginError(format!("cannot handle {}", input.len()))))
    }
}

impl Loader for MemLoader {
    fn load(&self, key: u32) -> impl Future<Output = String> + Send {
        async move {
            tokio::task::yield_now().await;
            format!("value-{}", key)
        }
    }
}

pub fn make_job(n: usize) -> Job {
    Box::pin(async move {
        tokio::task::yield_now().await;
        n * 2
    })
}

pub fn boxed_len(s: String) -> BoxFuture<'static, usize> {
    async move { s.len() }.boxed()
}
