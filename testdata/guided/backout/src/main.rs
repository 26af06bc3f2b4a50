use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

/// A mailbox whose `len` hands out a reference to its cached size: named
/// like `Vec::len`, but the value it returns borrows the mailbox.
#[derive(Default)]
struct Mailbox {
    messages: Vec<String>,
    size: usize,
}

impl Mailbox {
    fn len(&self) -> &usize {
        &self.size
    }

    fn push(&mut self, m: String) {
        self.messages.push(m);
        self.size += 1;
    }
}

/// A right fix: the guard is not used after the await.
async fn deliver(mailbox: Arc<Mutex<Mailbox>>, m: String, out: mpsc::Sender<String>) {
    let mut inbox = mailbox.lock().unwrap();
    inbox.push(m.clone());
    out.send(format!("delivered {m}")).await.unwrap();
}

/// A wrong fix: scope-guard takes `inbox.len()` for an owned value and
/// exports `n` from a block that drops the guard, but `n` borrows it.
async fn report(mailbox: Arc<Mutex<Mailbox>>, out: mpsc::Sender<String>) -> usize {
    let inbox = mailbox.lock().unwrap();
    let n = inbox.len();
    out.send(format!("{} messages", n)).await.unwrap();
    *n
}

#[tokio::main]
async fn main() {
    let mailbox = Arc::new(Mutex::new(Mailbox::default()));
    let (tx, mut rx) = mpsc::channel(8);
    tokio::spawn(deliver(mailbox.clone(), "hi".into(), tx.clone())).await.unwrap();
    let n = tokio::spawn(report(mailbox.clone(), tx.clone())).await.unwrap();
    drop(tx);
    while let Some(line) = rx.recv().await {
        println!("{line}");
    }
    println!("{n}");
}
