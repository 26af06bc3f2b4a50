use std::cell::RefCell;

use tokio::sync::mpsc;

struct BatchWriter {
    pending: RefCell<Vec<String>>,
    flushed: Vec<String>,
}

async fn run_batches(mut writer: BatchWriter, records: Vec<&'static str>, sink: mpsc::Sender<usize>) -> Vec<String> {
    for chunk in records.chunks(2) {
        let mut pending = writer.pending.borrow_mut();
        pending.extend(chunk.iter().map(|r| r.to_uppercase()));
        sink.send(chunk.len()).await.unwrap();
        writer.flushed.append(&mut writer.pending.borrow_mut());
    }
    writer.flushed
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(16);
    let writer = BatchWriter { pending: RefCell::new(Vec::new()), flushed: Vec::new() };
    let records = vec!["alpha", "beta", "gamma", "delta", "epsilon"];
    let flushed = tokio::spawn(run_batches(writer, records, tx)).await.unwrap();
    let mut sizes = Vec::new();
    while let Some(n) = rx.recv().await {
        sizes.push(n);
    }
    println!("batch sizes: {sizes:?}");
    println!("flushed: {}", flushed.join(","));
}
