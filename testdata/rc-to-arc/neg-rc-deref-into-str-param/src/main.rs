// An Rc given to a fn taking &str (deref coercion) is not an Rc for the
// fn's other callers: nothing here needs Send but the plain Strings.
use std::rc::Rc;

fn show(s: &str) -> usize { s.len() }

async fn work(batch: Vec<String>) -> usize {
    let mut n = 0;
    for item in &batch {
        n += show(item);
        tokio::task::yield_now().await;
    }
    n
}

fn normalize(key: &str) -> String {
    key.trim().to_ascii_lowercase()
}

async fn invalidate(key: &str) -> String {
    tokio::task::yield_now().await;
    normalize(key)
}

#[tokio::main]
async fn main() {
    let local = Rc::new(String::from("ui"));
    let a = show(&local);
    let b = tokio::spawn(work(vec!["xyz".into()])).await.unwrap();
    let interned: Rc<str> = Rc::from(" Alice ");
    let name = normalize(&interned);
    let c = tokio::spawn(async move { invalidate(&name).await }).await.unwrap();
    println!("{} {} {}", a, b, c);
}
