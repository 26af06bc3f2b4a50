// Tests: RefCell borrows (Ref from borrow(), RefMut from borrow_mut()) held
// across an .await. The RefCell is owned by the spawned future (a RefCell
// is Send when its content is), but a Ref/RefMut is never Send. Each borrow
// is last used before the await and gets scoped; a count read through the
// borrow leaves the block as its value.
use std::cell::RefCell;
use std::time::Duration;

struct Batch {
    rows: RefCell<Vec<String>>,
    flushed: RefCell<u32>,
}

async fn write_out(n: usize) {
    tokio::time::sleep(Duration::from_millis(n as u64 % 2)).await;
}

async fn batch_writer(lines: Vec<String>) {
    let batch = Batch { rows: RefCell::new(Vec::new()), flushed: RefCell::new(0) };
    for line in lines {
        {
            let mut rows = batch.rows.borrow_mut();
            rows.push(line);
        }
        write_out(1).await;
    }
    let pending = {
        let rows = batch.rows.borrow();
        rows.len()
    };
    write_out(pending).await;
    println!("flushed {pending} rows");
    *batch.flushed.borrow_mut() += 1;
}

async fn tally(votes: Vec<&'static str>) -> usize {
    let counts = RefCell::new(std::collections::HashMap::new());
    for v in votes {
        *counts.borrow_mut().entry(v).or_insert(0) += 1;
    }
    let winners = {
        let view = counts.borrow();
        view.values().filter(|n| **n > 1).count()
    };
    write_out(winners).await;
    winners
}

#[tokio::main]
async fn main() {
    tokio::spawn(batch_writer(vec!["a".into(), "b".into()])).await.unwrap();
    let w = tokio::spawn(tally(vec!["x", "y", "x"])).await.unwrap();
    println!("{w}");
}
