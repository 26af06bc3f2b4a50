// The trait method's declaration writes Rc<String>, one impl
// std::rc::Rc<String>: the signatures cannot take the same edit, so
// nothing changes and the Rc is reported.
use std::rc::Rc;

trait Store {
    fn get(&self) -> Rc<String>;
}

struct Mem(Rc<String>);
struct Other;

impl Store for Mem {
    fn get(&self) -> Rc<String> {
        self.0.clone()
    }
}

impl Store for Other {
    fn get(&self) -> std::rc::Rc<String> {
        Rc::new("other".to_string())
    }
}

#[tokio::main]
async fn main() {
    let m = Mem(Rc::new("mem".to_string()));
    let v = m.get();
    let h = tokio::spawn(async move {
        tokio::task::yield_now().await;
        v.len()
    });
    println!("{} {}", h.await.unwrap(), Other.get());
}
