mod hooks;

use std::sync::Arc;

#[tokio::main]
async fn main() {
    let mut h = hooks::Hooks::new();
    h.add(|x| x + 1);
    h.add(|x| x * 10);
    let h = Arc::new(h);
    let r = tokio::spawn(async move {
        tokio::task::yield_now().await;
        h.apply(4)
    })
    .await
    .unwrap();
    println!("{}", r);
}
