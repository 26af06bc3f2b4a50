use std::collections::HashMap;

pub async fn show(m: &tokio::sync::Mutex<HashMap<u32, u32>>) {
    println!("{:?}", m.lock().await.get(&1));
}
