// A variable shadowed by an owned clone of the Rc's value is no Rc: the
// spawned task moves a Vec<String>.
use std::rc::Rc;

#[tokio::main]
async fn main() {
    let labels = Rc::new(vec!["a".to_string(), "b".to_string()]);
    let labels = labels.as_ref().clone(); // now a plain Vec<String>
    let n = tokio::spawn(async move {
        tokio::task::yield_now().await;
        labels.len()
    });
    println!("{}", n.await.unwrap());
}
