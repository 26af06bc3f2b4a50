use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;
use std::time::Duration;

async fn load_profile(user: &str) -> String {
    tokio::time::sleep(Duration::from_millis(1)).await;
    format!("profile of {user}")
}

async fn login(sessions: Arc<Mutex<HashMap<String, String>>>, user: &'static str) -> usize {
    let mut map = sessions.lock().await;
    if !map.contains_key(user) {
        let profile = load_profile(user).await;
        map.insert(user.to_string(), profile);
    }
    map.len()
}

#[tokio::main]
async fn main() {
    let sessions = Arc::new(Mutex::new(HashMap::new()));
    for user in ["ann", "bob", "ann"] {
        let n = tokio::spawn(login(sessions.clone(), user)).await.unwrap();
        println!("{user}: {n} session(s)");
    }
    let map = sessions.lock().await;
    let mut users: Vec<_> = map.keys().collect();
    users.sort();
    println!("{users:?}");
}
