// rand's ThreadRng used after an await (tokio#1913, tokio#4596), with
// rand 0.8 from Debian's registry: it becomes a StdRng seeded from the
// thread's RNG, which is Send.
use rand::seq::SliceRandom;
use rand::Rng;
use std::time::Duration;

async fn jitter(mut rx: tokio::sync::mpsc::Receiver<Vec<u32>>) -> Vec<u32> {
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::from_rng(rand::thread_rng()).unwrap();
    let mut out = Vec::new();
    while let Some(mut batch) = rx.recv().await {
        tokio::time::sleep(Duration::from_millis(rng.gen_range(0..2))).await;
        batch.shuffle(&mut rng);
        let picked = rand::seq::index::sample(&mut rng, batch.len(), 1);
        out.push(batch.len() as u32 + picked.len() as u32);
    }
    out
}

async fn shout() {
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::from_rng(rand::thread_rng()).unwrap();
    tokio::task::yield_now().await;
    println!("{}", rng.gen::<u8>() > 0 || true);
}

#[tokio::main]
async fn main() {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tx.send(vec![1, 2, 3]).await.unwrap();
    drop(tx);
    println!("{:?}", tokio::spawn(jitter(rx)).await.unwrap());
    tokio::spawn(shout()).await.unwrap();
}
