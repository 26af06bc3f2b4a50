// The only thing to change is a generic fn's bound: nothing boxed, no
// declared interface, no generic block (the pass's package gate once
// skipped such a package).
use std::future::Future;

fn run<F: Future<Output = ()> + 'static>(f: F) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move { f.await })
}

#[tokio::main]
async fn main() {
    run(async { println!("ran") }).await.unwrap();
}
