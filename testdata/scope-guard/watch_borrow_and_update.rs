// tokio#4741 shape: `rx.borrow_and_update()` of a watch channel returns a
// watch::Ref, a read lock on the value (not Send), here held across an
// await that uses it: reported with its remedy (clone the value out).
use tokio::sync::watch;

async fn apply(v: &u32) -> u32 {
    tokio::task::yield_now().await;
    *v * 10
}

#[tokio::main]
async fn main() {
    let (_tx, mut rx) = watch::channel(4u32);
    let out = tokio::spawn(async move {
        let cfg = rx.borrow_and_update();
        apply(&cfg).await
    })
    .await
    .unwrap();
    println!("{}", out);
}
