use std::sync::Arc;
use tokio::sync::Mutex;
use std::time::Duration;

struct Cursor {
    next: Option<u32>,
    pages: u32,
    seen: usize,
}

/// Moves the cursor past the page that ended with `last`.
async fn advance(cursor: &Mutex<Cursor>, last: u32) -> bool {
    let mut c = cursor.lock().await;
    c.pages += 1;
    c.next = if last < 60 { Some(last / 10 + 1) } else { None };
    c.next.is_some()
}

/// Records the page, then advances: a sync helper of a sync helper.
async fn step(cursor: &Mutex<Cursor>, page: &[u32]) -> bool {
    match page.last() {
        Some(&last) => advance(cursor, last).await,
        None => false,
    }
}

async fn fetch_page(n: u32) -> Vec<u32> {
    tokio::time::sleep(Duration::from_millis(1)).await;
    (n * 10..n * 10 + 3).collect()
}

async fn crawl(cursor: Arc<Mutex<Cursor>>) -> Vec<u32> {
    let mut all = Vec::new();
    loop {
        let mut c = cursor.lock().await;
        let Some(page) = c.next else { break };
        let items = fetch_page(page).await;
        c.seen += items.len();
        drop(c);
        let more = step(&cursor, &items).await;
        all.extend(items);
        if !more {
            break;
        }
    }
    all
}

#[tokio::main]
async fn main() {
    let cursor = Arc::new(Mutex::new(Cursor { next: Some(3), pages: 0, seen: 0 }));
    let items = tokio::spawn(crawl(cursor.clone())).await.unwrap();
    println!("{items:?}");
    let c = cursor.lock().await;
    println!("pages={} seen={} next={:?}", c.pages, c.seen, c.next);
}
