// A map of boxed async callbacks built from a generic F and shared through
// an Arc with a spawned task (serenity-rs/serenity#2411 shape): the dyn Fn
// and its boxed future get + Send (+ Sync: the map is shared), and so do
// the generic Fut and F, the closure boxed into the dyn Fn capturing an F.
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

type Command = Box<dyn Fn(u32) -> Pin<Box<dyn Future<Output = u32>>>>;

fn register<F, Fut>(map: &mut HashMap<String, Command>, name: &str, f: F)
where
    F: Fn(u32) -> Fut + 'static,
    Fut: Future<Output = u32> + 'static,
{
    map.insert(name.to_string(), Box::new(move |x| Box::pin(f(x))));
}

async fn double(x: u32) -> u32 {
    tokio::task::yield_now().await;
    x * 2
}

#[tokio::main]
async fn main() {
    let mut map: HashMap<String, Command> = HashMap::new();
    register(&mut map, "double", double);
    let map = Arc::new(map);
    let out = tokio::spawn(async move { map["double"](21).await }).await.unwrap();
    println!("{}", out);
}
