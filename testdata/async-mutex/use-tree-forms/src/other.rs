use std::collections::HashMap;
use std::sync::Mutex as StdMutex;

pub async fn show(m: &StdMutex<HashMap<u32, u32>>) {
    println!("{:?}", m.lock().unwrap().get(&1));
}
