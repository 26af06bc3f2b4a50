// Shape from fzyzcjy/flutter_rust_bridge#1796: a storage trait declared with
// #[async_trait(?Send)] and used as a trait object from spawned tasks
// ("`dyn Store` cannot be sent between threads safely").
mod store;

use std::sync::Arc;
use store::{FfiStore, Store};

async fn create(identity: u32, store: Arc<dyn Store + Send + Sync>) -> store::Result<u32> {
    if let Some(existing) = store.get_registration_id().await? {
        return Ok(existing);
    }
    store.set_registration_id(identity).await?;
    for i in 0..3 {
        store.save_key(identity * 100 + i, format!("prekey-{}-{}", identity, i)).await?;
    }
    Ok(identity)
}

#[tokio::main]
async fn main() {
    let store: Arc<dyn Store + Send + Sync> = Arc::new(FfiStore::default());
    let first = tokio::spawn(create(7, store.clone())).await.unwrap();
    println!("first: {:?}", first);
    let second = tokio::spawn(create(9, store.clone())).await.unwrap();
    println!("second: {:?}", second);
    for (id, key) in store.keys().await.unwrap() {
        println!("{} => {}", id, key);
    }
}
