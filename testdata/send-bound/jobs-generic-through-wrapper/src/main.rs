// Shape from the async-book "Send approximation" workaround discussion and
// rust-lang/rust#103854: a helper that spawns a generic future without a Send
// bound, fed by a generic async fn that holds a `J: Job` across awaits:
// run's F gets + Send (round one), then start's J, whose values start
// itself gives to run (round two).
use std::future::Future;
use tokio::task::JoinHandle;

trait Job {
    fn name(&self) -> String;
    fn step(&mut self, i: u32) -> u32;
}

struct Counter {
    total: u32,
}

impl Job for Counter {
    fn name(&self) -> String { "counter".into() }
    fn step(&mut self, i: u32) -> u32 { self.total += i; self.total }
}

struct Doubler {
    value: u32,
}

impl Job for Doubler {
    fn name(&self) -> String { format!("doubler({})", self.value) }
    fn step(&mut self, _i: u32) -> u32 { self.value *= 2; self.value }
}

fn run<F>(fut: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(fut)
}

async fn drive<J: Job>(mut job: J, steps: u32) -> String {
    let mut trace = Vec::new();
    for i in 1..=steps {
        tokio::task::yield_now().await;
        trace.push(job.step(i));
    }
    format!("{}: {:?}", job.name(), trace)
}

fn start<J: Job + 'static>(job: J, steps: u32) -> JoinHandle<String> {
    run(drive(job, steps))
}

// Returns the future without spawning it: whether it is Send is for the
// caller's J to say, so make's J gets no bound.
fn make<J: Job + 'static>(job: J) -> impl Future<Output = String> {
    drive(job, 1)
}

#[tokio::main]
async fn main() {
    let a = start(Counter { total: 0 }, 4);
    let b = start(Doubler { value: 3 }, 3);
    println!("{}", a.await.unwrap());
    println!("{}", b.await.unwrap());
    let c = run(make(Counter { total: 5 }));
    println!("{}", c.await.unwrap());
}
