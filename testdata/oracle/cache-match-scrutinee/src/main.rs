use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Default)]
struct PriceCache {
    entries: Mutex<HashMap<String, u32>>,
    misses: Mutex<Vec<String>>,
}

async fn fetch_price_from_backend(sku: &str) -> u32 {
    tokio::time::sleep(Duration::from_millis(1)).await;
    sku.bytes().map(u32::from).sum::<u32>() % 1000
}

async fn price_of(cache: Arc<PriceCache>, sku: String) -> u32 {
    match cache.entries.lock().unwrap().get(&sku).cloned() {
        Some(price) => price,
        None => {
            let price = fetch_price_from_backend(&sku).await;
            cache.misses.lock().unwrap().push(sku.clone());
            price
        }
    }
}

#[tokio::main]
async fn main() {
    let cache = Arc::new(PriceCache::default());
    cache.entries.lock().unwrap().insert("SKU-1".to_string(), 999);
    for sku in ["SKU-1", "SKU-42", "SKU-7"] {
        let price = tokio::spawn(price_of(cache.clone(), sku.to_string())).await.unwrap();
        println!("{sku}: {price}");
    }
    println!("misses: {:?}", cache.misses.lock().unwrap());
}
