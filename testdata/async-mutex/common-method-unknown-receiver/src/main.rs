use std::sync::{Arc, Mutex};

async fn io() {}

pub struct Queue {
    items: Mutex<Vec<u32>>,
}

impl Queue {
    async fn push_slow(&self, v: u32) {
        let mut items = self.items.lock().unwrap();
        io().await;
        items.push(v);
    }

    // A sync helper named like a Vec method: calls on receivers of unknown
    // type may not be this one.
    fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}

async fn report(q: Arc<Queue>, other: Vec<u32>) -> usize {
    let len = q.len();
    len + other.len()
}

#[tokio::main]
async fn main() {
    let q = Arc::new(Queue { items: Mutex::new(Vec::new()) });
    let q2 = q.clone();
    tokio::spawn(async move { q2.push_slow(1).await }).await.unwrap();
    println!("{}", report(q, vec![1]).await);
}

// `x.len()` on a closure parameter of unknown type: Vec's len or Queue's?
fn total(xs: &[Vec<u32>]) -> usize {
    xs.iter().map(|x| x.len()).sum()
}
