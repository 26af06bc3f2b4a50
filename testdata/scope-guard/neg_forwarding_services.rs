// Two middlewares whose call returns `self.inner.call(r)`, one through a
// boxed async block: deciding whether a returned future must be Send went
// from one forwarding call to the other and back without end (a stack
// overflow, rwY y01). The future is a written `dyn Future + Send`, and the
// guard in it is dropped before its statement ends: nothing to report.
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

pub type BoxFut<T> = Pin<Box<dyn Future<Output = T> + Send>>;

pub trait Svc {
    fn call(&mut self, r: u32) -> BoxFut<u32>;
}

pub struct Leaf;

impl Svc for Leaf {
    fn call(&mut self, r: u32) -> BoxFut<u32> {
        Box::pin(async move { r + 1 })
    }
}

pub struct Log<S> {
    inner: S,
    log: Arc<Mutex<Vec<u32>>>,
}

impl<S: Svc> Svc for Log<S> {
    fn call(&mut self, r: u32) -> BoxFut<u32> {
        let log = self.log.clone();
        let fut = self.inner.call(r);
        Box::pin(async move {
            let res = fut.await;
            log.lock().unwrap().push(res);
            res
        })
    }
}

pub struct Double<S> {
    inner: S,
}

impl<S: Svc> Svc for Double<S> {
    fn call(&mut self, r: u32) -> BoxFut<u32> {
        self.inner.call(r * 2)
    }
}

#[tokio::main]
async fn main() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut svc = Log { inner: Double { inner: Leaf }, log: log.clone() };
    let out = tokio::spawn(svc.call(20)).await.unwrap();
    println!("{} {:?}", out, log.lock().unwrap());
}
