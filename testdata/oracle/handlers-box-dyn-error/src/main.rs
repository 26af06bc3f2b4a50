mod error;
mod handlers;

#[tokio::main]
async fn main() {
    let checked = tokio::spawn(async move { handlers::handle("8080".to_string()).await.is_ok() });
    println!("checked: {}", checked.await.unwrap());
    let mut tasks = Vec::new();
    for req in ["8080", "5432", "80", "9999", "http"] {
        tasks.push(tokio::spawn(handlers::handle(req.to_string())));
    }
    for task in tasks {
        match task.await.unwrap() {
            Ok(line) => println!("ok: {line}"),
            Err(e) => println!("error: {e}"),
        }
    }
}
