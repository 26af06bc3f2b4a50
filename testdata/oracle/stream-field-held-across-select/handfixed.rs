// A stream whose struct has a field Option<Pin<Box<dyn Future<..>>>> (no
// + Send), held in a spawned task whose only suspension point is a
// tokio::select! (telegram-rs/telegram-bot#192 shape): select! awaits in
// place, so the stream is held across it; the field's dyn Future gets
// + Send.
use futures::{Stream, StreamExt};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct Updates {
    n: u32,
    current: Option<Pin<Box<dyn Future<Output = u32> + Send>>>,
}

impl Stream for Updates {
    type Item = u32;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let this = &mut *self;
        if this.current.is_none() {
            let n = this.n;
            this.current = Some(Box::pin(async move {
                tokio::task::yield_now().await;
                n * 10
            }));
        }
        match this.current.as_mut().unwrap().as_mut().poll(cx) {
            Poll::Ready(v) => {
                this.current = None;
                this.n += 1;
                Poll::Ready(Some(v))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

#[tokio::main]
async fn main() {
    let (_stop_tx, mut stop_rx) = tokio::sync::oneshot::channel::<()>();
    let h = tokio::spawn(async move {
        let mut updates = Updates { n: 0, current: None }.fuse();
        let mut out = Vec::new();
        loop {
            tokio::select! {
                v = updates.select_next_some() => {
                    out.push(v);
                    if v == 20 { break; }
                }
                _ = &mut stop_rx => break,
            }
        }
        out
    });
    println!("{:?}", h.await.unwrap());
}
