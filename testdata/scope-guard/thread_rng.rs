// rand's ThreadRng is not Send: drawn before the await, it is scoped like a
// guard (what is computed with it borrows nothing from it).
use rand::seq::SliceRandom;
use rand::Rng;
use std::time::Duration;

async fn pick_server(servers: Vec<&'static str>) -> usize {
    let mut rng = rand::thread_rng();
    let delay = rng.gen_range(1..3u64);
    let chosen = servers.choose(&mut rng).unwrap();
    tokio::time::sleep(Duration::from_millis(delay)).await;
    servers.iter().position(|s| s == chosen).map(|_| servers.len()).unwrap()
}

#[tokio::main]
async fn main() {
    let n = tokio::spawn(pick_server(vec!["a", "b", "c"])).await.unwrap();
    println!("picked one of {n}");
}
