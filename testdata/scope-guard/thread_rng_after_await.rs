// rand's ThreadRng used after an await (tokio#1913): it becomes a StdRng
// seeded from the thread's RNG (Send), when every use takes any Rng: a
// method call on it (in a macro too), `&mut rng` given to a method or to
// rand's functions. Left to the user: `&mut rng` given to a fn of the
// crate (its parameter may be a ThreadRng), and rand 0.9's rand::rng().
use rand::seq::SliceRandom;
use rand::Rng;
use std::time::Duration;

async fn jitter(mut rx: tokio::sync::mpsc::Receiver<Vec<u32>>) -> Vec<u32> {
    let mut rng = rand::thread_rng();
    let mut out = Vec::new();
    while let Some(mut batch) = rx.recv().await {
        tokio::time::sleep(Duration::from_millis(rng.gen_range(0..2))).await;
        batch.shuffle(&mut rng);
        let picked = rand::seq::index::sample(&mut rng, batch.len(), 1);
        out.push(batch.len() as u32 + picked.len() as u32);
    }
    out
}

fn roll(rng: &mut impl Rng) -> u32 {
    rng.gen_range(1..7)
}

async fn dice() -> u32 {
    let mut rng = rand::thread_rng();
    tokio::task::yield_now().await;
    roll(&mut rng)
}

async fn shout() {
    let mut rng = rand::thread_rng();
    tokio::task::yield_now().await;
    println!("{}", rng.gen::<u8>() > 0 || true);
}

async fn modern() -> u32 {
    let mut rng = rand::rng();
    tokio::task::yield_now().await;
    rng.gen_range(0..1)
}

#[tokio::main]
async fn main() {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    tx.send(vec![1, 2, 3]).await.unwrap();
    drop(tx);
    println!("{:?}", tokio::spawn(jitter(rx)).await.unwrap());
    println!("{}", tokio::spawn(dice()).await.unwrap() > 0);
    tokio::spawn(shout()).await.unwrap();
    tokio::spawn(modern()).await.unwrap();
}
