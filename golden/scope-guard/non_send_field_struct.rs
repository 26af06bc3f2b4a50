// A value of a struct of this file that holds a non-Send field (rand's
// ThreadRng, a std MutexGuard, a raw pointer) is not Send either: held
// across an await it is scoped when not used after it, else reported with
// the field's remedy. A struct the file declares Send itself is left alone,
// and so is a field type of another crate with the same name.
use rand::rngs::ThreadRng;
use rand::Rng;
use std::sync::{Mutex, MutexGuard};

struct RandGen {
    random: ThreadRng,
}

impl RandGen {
    fn new() -> Self {
        RandGen { random: rand::thread_rng() }
    }
    fn roll(&mut self) -> u8 {
        self.random.gen()
    }
}

struct Txn<'a> {
    guard: MutexGuard<'a, Vec<u32>>,
}

struct Handle {
    raw: *mut u8,
}

unsafe impl Send for Handle {}

mod other {
    pub struct MutexGuard;
}

struct Token {
    lock: other::MutexGuard,
}

async fn tick() {
    tokio::task::yield_now().await;
}

async fn once() -> u8 {
    let mut g = RandGen::new();
    let n = g.roll();
    tick().await;
    n
}

async fn loop_rolls() -> u32 {
    let mut g = RandGen::new();
    let mut sum = 0;
    for _ in 0..3 {
        tick().await;
        sum += g.roll() as u32 % 1;
    }
    sum
}

async fn commit(m: &Mutex<Vec<u32>>) -> usize {
    let txn = Txn { guard: m.lock().unwrap() };
    tick().await;
    txn.guard.len()
}

async fn fine(h: Handle, t: Token) -> bool {
    tick().await;
    !h.raw.is_null() && matches!(t.lock, other::MutexGuard)
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(once()).await.unwrap() >= 0);
    println!("{}", tokio::spawn(loop_rolls()).await.unwrap());
    let m = std::sync::Arc::new(Mutex::new(vec![1]));
    println!("{}", tokio::spawn(async move { commit(&m).await }).await.unwrap());
    let h = Handle { raw: std::ptr::null_mut() };
    println!("{}", tokio::spawn(fine(h, Token { lock: other::MutexGuard })).await.unwrap());
}
