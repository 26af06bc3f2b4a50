// Tests: text that must survive the rewrite byte for byte. The wrapped
// statements hold a multi-line string literal, a raw string and a block
// comment spanning lines: their continuation lines must not be
// re-indented (the spaces are part of the string). Trailing `//` comments
// stay on their statements, a comment line between statements moves into
// the block with them, and doc-style comments outside are untouched.
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Mailer {
    outbox: Mutex<Vec<String>>,
}

async fn smtp_send(n: usize) {
    tokio::time::sleep(Duration::from_millis(n as u64 % 2)).await;
}

/// Queues a welcome mail, then flushes.
async fn welcome(m: Arc<Mailer>, user: String) {
    let queued = {
        let mut outbox = m.outbox.lock().unwrap(); // held while we format
        // The body keeps its own indentation:
        outbox.push(format!("Hello {user},
    welcome aboard!
        -- the team"));
        outbox.push(r#"footer: "unsubscribe"
  at any time"#.to_string());
        /* a block comment
       spanning two lines */
        outbox.len()
    }; // count before the flush
    smtp_send(queued).await; // the await that must not hold the guard
    println!("queued {queued}");
}

async fn digest(m: Arc<Mailer>) {
    let outbox = m.outbox.lock().unwrap();
    let preview = outbox
        .iter()
        .map(|s| s.lines().next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n---\n"); // separator between mails
    smtp_send(preview.len()).await;
}

#[tokio::main]
async fn main() {
    let m = Arc::new(Mailer { outbox: Mutex::new(Vec::new()) });
    tokio::spawn(welcome(m.clone(), "ana".into())).await.unwrap();
    tokio::spawn(digest(m.clone())).await.unwrap();
}
