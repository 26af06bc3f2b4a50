// Shape: `impl Trait` / `impl Fn` arguments (APIT) captured by a future handed to tokio::spawn.
// Source: https://github.com/fzyzcjy/flutter_rust_bridge/issues/2399 , https://github.com/dtolnay/async-trait/issues/140
use tokio::task::JoinHandle;
use tokio::time::{sleep, Duration};

pub trait Job {
    fn name(&self) -> String;
    fn step(&mut self) -> Option<u32>;
}

struct Countdown {
    left: u32,
}

impl Job for Countdown {
    fn name(&self) -> String {
        "countdown".into()
    }
    fn step(&mut self) -> Option<u32> {
        if self.left == 0 {
            None
        } else {
            self.left -= 1;
            Some(self.left)
        }
    }
}

async fn drive(mut job: impl Job, on_step: impl Fn(u32) -> String) -> Vec<String> {
    let mut log = vec![format!("start {}", job.name())];
    while let Some(v) = job.step() {
        sleep(Duration::from_millis(1)).await;
        log.push(on_step(v));
    }
    log
}

fn spawn_job(job: impl Job + 'static, tag: &'static str) -> JoinHandle<Vec<String>> {
    tokio::spawn(drive(job, move |v| format!("{tag}:{v}")))
}

#[tokio::main]
async fn main() {
    let h = spawn_job(Countdown { left: 3 }, "cd");
    for l in h.await.unwrap() {
        println!("{l}");
    }
}
