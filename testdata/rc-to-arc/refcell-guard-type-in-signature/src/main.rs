mod store;

use std::sync::Arc;

#[tokio::main]
async fn main() {
    let s = Arc::new(store::Store::new());
    let s2 = s.clone();
    tokio::spawn(async move {
        tokio::task::yield_now().await;
        s2.add(7);
    })
    .await
    .unwrap();
    println!("{:?}", *s.items());
}
