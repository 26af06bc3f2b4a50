// static-assertions#51 shape: `mem::take(&mut *guard)` and
// `mem::replace(&mut *guard, ..)` move an owned value out of the guard, so
// the guard's scope can end before the await (it is not a borrow that
// would keep the lock across it).
use std::sync::{Arc, Mutex};

struct Foo {
    shared: Mutex<Vec<u32>>,
    state: Mutex<String>,
}

async fn take(foo: Arc<Foo>) -> Vec<u32> {
    let thing = {
        let mut guard = foo.shared.lock().unwrap();
        let thing = std::mem::take(&mut *guard);
        thing
    };
    tokio::task::yield_now().await;
    thing
}

async fn swap_state(foo: Arc<Foo>, next: String) -> String {
    let old = {
        let mut state = foo.state.lock().unwrap();
        std::mem::replace(&mut *state, next)
    };
    tokio::task::yield_now().await;
    old
}

#[tokio::main]
async fn main() {
    let foo = Arc::new(Foo { shared: Mutex::new(vec![1]), state: Mutex::new("a".into()) });
    let a = tokio::spawn(take(foo.clone())).await.unwrap();
    let b = tokio::spawn(swap_state(foo.clone(), "b".into())).await.unwrap();
    println!("{a:?} {b} {}", foo.state.lock().unwrap());
}
