// Tests: a file with CRLF (\r\n) line endings, as checked out on Windows
// with core.autocrlf. Every line of the rewritten file, the new block's
// lines included, must end in \r\n: no bare \n may be introduced, and the
// lines outside the edit stay byte-identical. Covers a scoped block, a
// value leaving the block, and a hoisted temporary.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Sessions {
    by_id: Mutex<HashMap<u64, String>>,
}

async fn persist(n: usize) {
    tokio::time::sleep(Duration::from_millis(n as u64 % 2)).await;
}

async fn login(s: Arc<Sessions>, id: u64, user: String) {
    {
        let mut by_id = s.by_id.lock().unwrap();
        by_id.insert(id, user);
    }
    persist(1).await;
}

async fn active(s: Arc<Sessions>) -> usize {
    let n = {
        let by_id = s.by_id.lock().unwrap();
        by_id.len()
    };
    persist(n).await;
    n
}

async fn logout(s: Arc<Sessions>, id: u64) {
    let by_id_value = s.by_id.lock().unwrap().remove(&id).map_or(0, |u| u.len());
    persist(by_id_value).await;
}

#[tokio::main]
async fn main() {
    let s = Arc::new(Sessions { by_id: Mutex::new(HashMap::new()) });
    tokio::spawn(login(s.clone(), 1, "ana".into())).await.unwrap();
    println!("{}", tokio::spawn(active(s.clone())).await.unwrap());
    tokio::spawn(logout(s.clone(), 1)).await.unwrap();
}
