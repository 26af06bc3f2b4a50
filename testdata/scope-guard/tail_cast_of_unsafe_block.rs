// A value computed as `unsafe { .. } as usize` becomes the tail of the
// block that ends the raw-pointer struct's scope: at the start of a
// statement rustc would end the expression at the unsafe block's brace,
// so the tail is parenthesized (rwR: tree-sitter Node shape).
struct Node {
    raw: *const u8,
}

async fn audit(text: String) -> usize {
    let node = Node { raw: text.as_ptr() };
    let r = &node;
    let errors = unsafe { *r.raw } as usize;
    tokio::task::yield_now().await;
    errors
}

async fn lengths(items: Vec<String>) -> usize {
    let cell = std::cell::RefCell::new(items);
    let b = cell.borrow();
    let n = match b.first() {
        Some(s) => s.as_str(),
        None => "",
    }
    .len();
    tokio::task::yield_now().await;
    n
}

#[tokio::main]
async fn main() {
    let a = tokio::spawn(audit("(".into())).await.unwrap();
    let b = tokio::spawn(lengths(vec!["abc".into()])).await.unwrap();
    println!("{a} {b}");
}
