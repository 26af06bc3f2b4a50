// exponential-backoff#4 shape: a for loop over an iterator struct holding a
// ThreadRng awaits in its body, in a spawned task: the hidden iterator is
// held across the await. Reported (the field must change), not rewritten.
use rand::Rng;

struct Iter {
    rng: rand::rngs::ThreadRng,
    left: u32,
}

impl Iterator for Iter {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        self.left = self.left.checked_sub(1)?;
        Some(self.rng.gen_range(1..2))
    }
}

async fn retry() -> u32 {
    let mut n = 0;
    for d in (Iter { rng: rand::thread_rng(), left: 3 }) {
        tokio::time::sleep(std::time::Duration::from_millis(d)).await;
        n += 1;
    }
    n
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(retry()).await.unwrap());
}
