// Spawned tasks that call fns sharing an async fn's name, none of them
// the fn itself: another crate's fn, another type's method, a trait's
// method by path. And a recursive task on a LocalSet, which need not be
// Send. Nothing here is the self-spawning shape.
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

async fn sleep(ms: u64) {
    tokio::spawn(async move { tokio::time::sleep(Duration::from_millis(ms)).await });
}

struct Conn {
    stream: std::fs::File,
}

impl Conn {
    async fn set_len(&self, n: u64) {
        let f = self.stream.try_clone().unwrap();
        tokio::task::spawn_blocking(move || f.set_len(n)).await.unwrap().unwrap();
    }
}

async fn shutdown(addr: std::net::SocketAddr) {
    tokio::spawn(async move {
        let mut s = TcpStream::connect(addr).await.unwrap();
        AsyncWriteExt::shutdown(&mut s).await.unwrap();
    });
}

async fn countdown(n: u32) {
    if n > 0 {
        tokio::task::spawn_local(countdown(n - 1));
    }
}

#[tokio::main]
async fn main() {
    sleep(1).await;
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    shutdown(l.local_addr().unwrap()).await;
    let c = Conn { stream: tempfile() };
    c.set_len(3).await;
    tokio::task::LocalSet::new().run_until(countdown(3)).await;
}

fn tempfile() -> std::fs::File {
    std::fs::OpenOptions::new().read(true).write(true).create(true).open("/tmp/sendfix-neg-recursive").unwrap()
}
