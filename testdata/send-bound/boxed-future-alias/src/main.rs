mod jobs;

use jobs::{Double, Job, Square};

async fn run_all(jobs: Vec<Box<dyn Job + Send + Sync>>, input: u64) -> Vec<String> {
    let mut out = Vec::new();
    for job in &jobs {
        let value = job.run(input).await;
        out.push(format!("{} -> {}", job.name(), value));
    }
    out.push(format!("delayed -> {}", jobs::delayed(input).await));
    out
}

#[tokio::main]
async fn main() {
    let jobs: Vec<Box<dyn Job + Send + Sync>> = vec![Box::new(Double), Box::new(Square)];
    let lines = tokio::spawn(run_all(jobs, 7)).await.unwrap();
    for line in lines {
        println!("{line}");
    }
}
