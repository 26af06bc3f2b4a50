// libbpf-rs#546: an FFI handle declared in another module (a NonNull to a
// C object, detached on drop) is kept across awaits in a spawned task. No
// edit can make it Send: it is reported, naming the type and its file,
// with the remedies only the author can choose; so is one in a future
// given to a generic that asks Send of it.
mod bpf;

async fn run<F>(job: F) -> F::Output
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(job).await.unwrap()
}

async fn probe(ifindex: i32) -> i32 {
    let link = bpf::Link::attach_xdp(ifindex);
    tokio::task::yield_now().await;
    link.ifindex() * 10
}

async fn watch(ifindex: i32) -> i32 {
    let link = bpf::Link::attach_xdp(ifindex);
    let mut packets = 0;
    for _ in 0..3 {
        tokio::task::yield_now().await;
        packets += link.ifindex();
    }
    packets
}

#[tokio::main]
async fn main() {
    let n = tokio::spawn(watch(2)).await.unwrap();
    println!("{n} packets");
    println!("probe {}", run(probe(3)).await);
}
