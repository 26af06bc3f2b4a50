// Shape from open-telemetry/opentelemetry-rust#126: a tracing Context that
// stores extension values as Arc<dyn Any>, held across an await inside a
// future that is handed to tokio::spawn.
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Default)]
struct Context {
    entries: HashMap<TypeId, Arc<dyn Any>>,
}

impl Context {
    fn with_value<T: 'static>(&self, value: T) -> Context {
        let mut entries = self.entries.clone();
        entries.insert(TypeId::of::<T>(), Arc::new(value));
        Context { entries }
    }

    fn get<T: 'static>(&self) -> Option<&T> {
        self.entries
            .get(&TypeId::of::<T>())
            .and_then(|v| v.downcast_ref::<T>())
    }
}

#[derive(Debug)]
struct Span {
    name: String,
    id: u64,
}

async fn another(step: u32) -> u32 {
    tokio::task::yield_now().await;
    step * 10
}

async fn something(id: u64) -> String {
    let cx = Context::default().with_value(Span {
        name: format!("root-{}", id),
        id,
    });
    let a = another(1).await;
    let b = another(2).await;
    let span = cx.get::<Span>().expect("span present");
    format!("span {} (id {}) -> {}", span.name, span.id, a + b)
}

#[tokio::main]
async fn main() {
    let mut handles = Vec::new();
    for id in 1..=3 {
        let f = something(id);
        handles.push(tokio::spawn(f));
    }
    for h in handles {
        println!("{}", h.await.unwrap());
    }
}
