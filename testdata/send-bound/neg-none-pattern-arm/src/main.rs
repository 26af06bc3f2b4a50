// Negative for send-bound: a `None => None` arm of a match on a map lookup
// of trait objects. `None` in the pattern is matched, not bound: read as a
// variable, it made the arm's value (the async_trait method's boxed
// result) one type with the scrutinee's &Box<dyn Function> (shared, so
// Sync), and + Sync was added to a Box<dyn Any + Send> (E0308). The std
// guard held across the await is scope-guard's to report, not this pass's.
use async_trait::async_trait;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[async_trait]
trait Function: Send + Sync {
    async fn execute(&self, arg: String) -> Box<dyn Any + Send>;
}

struct Temp;

#[async_trait]
impl Function for Temp {
    async fn execute(&self, city: String) -> Box<dyn Any + Send> {
        tokio::task::yield_now().await;
        Box::new(format!("{}: 20C", city))
    }
}

struct Client {
    functions: Mutex<HashMap<String, Box<dyn Function>>>,
    last: Arc<Mutex<Option<Box<dyn Any + Send>>>>,
}

impl Client {
    fn register(&self, name: &str, f: Box<dyn Function>) {
        self.functions.lock().unwrap().insert(name.into(), f);
    }

    async fn call(&self, name: Option<&str>) {
        let functions = self.functions.lock().unwrap();
        let r = match functions.get(name.unwrap()) {
            Some(f) => {
                let v = f.execute("Paris".into()).await;
                Some(v)
            }
            None => None,
        };
        *self.last.lock().unwrap() = r;
    }
}

#[tokio::main]
async fn main() {
    let c = Arc::new(Client { functions: Mutex::new(HashMap::new()), last: Arc::new(Mutex::new(None)) });
    c.register("t", Box::new(Temp));
    let c2 = c.clone();
    tokio::spawn(async move { c2.call(Some("t")).await }).await.unwrap();
    let v = c.last.lock().unwrap().take().unwrap();
    println!("{}", v.downcast::<String>().unwrap());
}
