// A struct holding a ThreadRng, given by value to a spawned async fn that
// awaits (rabbitmq-stream-rust-client#140 shape): the parameter lives in
// the future across the awaits; reported, the field must change.
use rand::rngs::ThreadRng;
use rand::Rng;

struct Consumer {
    offset: usize,
    rng: ThreadRng,
}

impl Consumer {
    async fn next_batch(&mut self) -> usize {
        let _replica = self.rng.gen_range(0..3);
        tokio::task::yield_now().await;
        self.offset += 1;
        self.offset
    }
}

async fn consume(mut c: Consumer) -> usize {
    c.next_batch().await;
    c.next_batch().await
}

#[tokio::main]
async fn main() {
    let c = Consumer { offset: 0, rng: rand::thread_rng() };
    println!("{}", tokio::spawn(consume(c)).await.unwrap());
}
