// dallaway.com axum puzzler shape: `randos(&mut rng)` returns a lazy
// iterator that keeps the ThreadRng borrowed, and it is used after the
// await: scoping the RNG would leave the iterator dangling (E0597), so it
// is reported, not rewritten.
use rand::Rng;

fn randos<'a>(rng: &'a mut rand::rngs::ThreadRng) -> impl Iterator<Item = u32> + 'a {
    std::iter::repeat_with(move || rng.gen_range(10..100))
}

async fn users() -> usize {
    let mut rng = rand::thread_rng();
    let users = randos(&mut rng).take(8);
    tokio::task::yield_now().await;
    users.map(|u| u.to_string().len()).sum()
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(users()).await.unwrap());
}
