// users.rust-lang.org "&Cell across await" shape: a reference to a local
// Cell is held across an await in a spawned task, and read at the body's
// tail. The Cell (its type unwritten) becomes a Mutex; before edition 2024
// a guard in the tail would outlive the local it borrows (E0597), so the
// value is read in a let of its own.
use std::sync::Mutex;

async fn tally(n: i32) -> i32 {
    let a = Mutex::new(0);
    let b = &a;
    *b.lock().unwrap() = n;
    tokio::task::yield_now().await;
    { let value = *b.lock().unwrap(); value }
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(tally(3)).await.unwrap());
}
