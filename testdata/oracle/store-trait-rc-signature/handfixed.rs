// A trait method returns Rc<String>, and a value it returns moves into a
// spawned task: the declaration and every impl must say Arc (E0053 if one
// differs), and Other's Rc::new, in the same class, becomes Arc::new.
use std::sync::Arc;

trait Store {
    fn get(&self) -> Arc<String>;
}

struct Mem(Arc<String>);
struct Other;

impl Store for Mem {
    fn get(&self) -> Arc<String> {
        self.0.clone()
    }
}

impl Store for Other {
    fn get(&self) -> Arc<String> {
        Arc::new("other".to_string())
    }
}

#[tokio::main]
async fn main() {
    let m = Mem(Arc::new("mem".to_string()));
    let v = m.get();
    let h = tokio::spawn(async move {
        tokio::task::yield_now().await;
        v.len()
    });
    println!("{} {}", h.await.unwrap(), Other.get());
}
