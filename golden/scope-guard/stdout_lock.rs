// std's stdout lock (a StdoutLock, not Send) held across an await: scoped
// when it is not used after the await, reported with the stream's remedy
// when it is. It is no Mutex guard: async-mutex has nothing to switch.
use std::io::Write;

async fn tick() {
    tokio::task::yield_now().await;
}

async fn banner() {
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "starting").unwrap();
    }
    tick().await;
}

async fn report(n: u32) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for i in 0..n {
        tick().await;
        writeln!(out, "line {i}").unwrap();
    }
}

#[tokio::main]
async fn main() {
    tokio::spawn(banner()).await.unwrap();
    tokio::spawn(report(2)).await.unwrap();
}
