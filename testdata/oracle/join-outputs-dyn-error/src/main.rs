// StackOverflow "tokio::join! in a spawned task: dyn Error cannot be sent":
// join! keeps each future's output (a Result holding Box<dyn Error>) until
// the other future is done, across its own awaits, so the outputs must be
// Send when the task is spawned. The error type gets `+ Send + Sync`;
// `lookup`'s error, made a String before main's next await, is left alone.
use std::error::Error;

async fn fetch(name: &str) -> Result<String, Box<dyn Error>> {
    tokio::task::yield_now().await;
    if name.is_empty() {
        return Err("no name given".into());
    }
    Ok(format!("profile of {name}"))
}

fn lookup(id: u32) -> Result<u32, Box<dyn Error>> {
    if id == 0 {
        return Err("id 0 is reserved".into());
    }
    Ok(id * 10)
}

async fn both(a: &str, b: &str) -> (Result<String, String>, Result<String, String>) {
    let (r1, r2) = tokio::join!(fetch(a), fetch(b));
    (r1.map_err(|e| e.to_string()), r2.map_err(|e| e.to_string()))
}

#[tokio::main]
async fn main() {
    let task = tokio::spawn(async { both("ada", "").await });
    let (a, b) = task.await.unwrap();
    println!("{a:?}\n{b:?}");
    let score = lookup(4).map_err(|e| e.to_string());
    tokio::task::yield_now().await;
    println!("{score:?}");
}
