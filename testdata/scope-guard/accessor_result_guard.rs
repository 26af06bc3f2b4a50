// flutter_rust_bridge#1573 shape: a method returns `Result<RwLockWriteGuard,
// E>`, and the guard is taken with `?` (or .unwrap()). Used only before the
// await, it is scoped; lent to the awaited call, it is reported.
use std::sync::{Arc, RwLock, RwLockWriteGuard};

struct Opaque(Arc<RwLock<u32>>);

impl Opaque {
    fn decode_ref_mut(&self) -> Result<RwLockWriteGuard<'_, u32>, String> {
        self.0.write().map_err(|_| "poisoned".to_string())
    }
}

async fn mutable_borrow(a: &mut u32) -> u32 {
    tokio::task::yield_now().await;
    *a += 1;
    *a
}

async fn bump(obj: Arc<Opaque>) -> Result<u32, String> {
    let mut g = obj.decode_ref_mut()?;
    *g += 1;
    let v = *g;
    tokio::task::yield_now().await;
    Ok(v)
}

async fn lend(obj: Arc<Opaque>) -> Result<u32, String> {
    let mut api_obj = obj.decode_ref_mut().unwrap();
    Ok(mutable_borrow(&mut api_obj).await)
}

#[tokio::main]
async fn main() {
    let obj = Arc::new(Opaque(Arc::new(RwLock::new(0))));
    let a = tokio::spawn(bump(obj.clone())).await.unwrap();
    let b = tokio::spawn(lend(obj)).await.unwrap();
    println!("{a:?} {b:?}");
}
