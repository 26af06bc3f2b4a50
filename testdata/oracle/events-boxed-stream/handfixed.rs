// Shape: Pin<Box<dyn Stream<Item = T>>> (futures::Stream) returned from a constructor and a type alias,
// consumed inside tokio::spawn.
// Source: https://github.com/pepperoni21/ollama-rs/pull/14 , https://github.com/64bit/async-openai/issues/36
use futures::stream::{self, Stream, StreamExt};
use std::pin::Pin;
use tokio::time::{sleep, Duration};

type Events = Pin<Box<dyn Stream<Item = String> + Send>>;

fn numbers(n: u32) -> Pin<Box<dyn Stream<Item = u32> + Send>> {
    Box::pin(stream::iter(1..=n).then(|x| async move {
        sleep(Duration::from_millis(1)).await;
        x * x
    }))
}

fn events(names: Vec<&'static str>) -> Events {
    Box::pin(stream::iter(names).map(|s| format!("event:{s}")))
}

struct Feed {
    source: Events,
}

#[tokio::main]
async fn main() {
    let h = tokio::spawn(async move {
        let mut s = numbers(4);
        let mut acc = Vec::new();
        while let Some(v) = s.next().await {
            acc.push(v);
        }
        acc
    });
    println!("{:?}", h.await.unwrap());

    let mut feed = Feed { source: events(vec!["a", "b"]) };
    let h2 = tokio::spawn(async move {
        let mut out = Vec::new();
        while let Some(e) = feed.source.next().await {
            out.push(e);
        }
        out
    });
    println!("{:?}", h2.await.unwrap());
}
