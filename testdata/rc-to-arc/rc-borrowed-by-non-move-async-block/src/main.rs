// Async blocks given to tokio::spawn without `move`. The first borrows
// nothing of main (it calls `send`, whose local Rc is held across an
// await): it is left as it is. The second reads an Rc of main: it becomes
// `async move`. The third too, owning a clone, since main still reads the
// Arc after the spawn.
use std::rc::Rc;

async fn request(uri: String) -> String {
    tokio::task::yield_now().await;
    uri
}

async fn send(path: &str) -> String {
    let names = Rc::new(vec!["a".to_string(), "b".to_string()]);
    let query = names.join("&");
    request(format!("{path}?{query}")).await
}

#[tokio::main]
async fn main() {
    let h = tokio::spawn(async { send("/x").await });
    println!("{}", h.await.unwrap());

    let tags = Rc::new(vec!["x", "y", "z"]);
    let h = tokio::spawn(async { tags.len() });
    println!("{}", h.await.unwrap());

    let shared = Rc::new(21);
    let h = tokio::spawn(async { *shared * 2 });
    println!("{} (count {})", h.await.unwrap(), Rc::strong_count(&shared));
}
