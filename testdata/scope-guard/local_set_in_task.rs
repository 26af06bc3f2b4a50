// A LocalSet created in a task that must be Send and held across an await
// (rust#68109): not Send, reported with its remedy (no edit moves it).
// Driven on its own thread, it is fine.
use tokio::task::LocalSet;

async fn run_local_jobs(n: u32) -> u32 {
    let local = LocalSet::new();
    local.run_until(async move { tokio::task::spawn_local(async move { n * 2 }).await.unwrap() }).await
}

fn on_own_thread() -> u32 {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let local = LocalSet::new();
    rt.block_on(local.run_until(async { 7 }))
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(run_local_jobs(3)).await.unwrap());
    println!("{}", tokio::task::spawn_blocking(on_own_thread).await.unwrap());
}
