// tracing#1001 shape: `span.entered()` held across an await in a spawned
// task (EnteredSpan is not Send, and the span would stay entered on the
// wrong task). The rest of the body runs in an async block instrumented
// with the span; a `?` there takes its error type from the fn's return
// type. A span made by a macro in the let is bound first, so the block
// cannot move what it reads.
use tracing::info_span;

async fn send(path: &str) -> Result<u16, String> {
    tokio::task::yield_now().await;
    if path.is_empty() { Err("empty path".to_string()) } else { Ok(200) }
}

async fn fetch(path: String) -> Result<(String, u16), String> {
    let span = info_span!("request", path = %path);
    let _entered = span.entered();
    let status = send(&path).await?;
    Ok((path, status))
}

async fn tick(n: u32) -> u32 {
    let _s = info_span!("tick", n).entered();
    tokio::task::yield_now().await;
    n + 1
}

#[tokio::main]
async fn main() {
    let a = tokio::spawn(fetch("/index".to_string())).await.unwrap();
    let b = tokio::spawn(fetch(String::new())).await.unwrap();
    let c = tokio::spawn(tick(1)).await.unwrap();
    println!("{a:?} {b:?} {c}");
}
