// A static std Mutex read through try_lock, its guard held across an RPC
// (orca-so/whirlpools#993): under tokio's Mutex the guard would wait with
// the lock, and the other tasks' try_lock would fail. Reported, not switched.
use std::sync::Mutex;
use std::time::Duration;

static CONFIG: Mutex<u32> = Mutex::new(7);

async fn rpc(k: u32) -> u32 {
    tokio::time::sleep(Duration::from_millis(30)).await;
    k * 2
}

async fn fetch(n: u32) -> Result<u32, String> {
    let config = &*CONFIG.try_lock().map_err(|e| e.to_string())?; // lifetime-extended temporary guard
    let v = rpc(*config + n).await;
    Ok(v + *config)
}

#[tokio::main]
async fn main() {
    let mut hs = Vec::new();
    for n in 0..3 {
        hs.push(tokio::spawn(fetch(n)));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for h in hs {
        println!("{:?}", h.await.unwrap()); // hand fix `let config = *CONFIG.try_lock()..?;`: Ok(21) Ok(23) Ok(25)
    }
}
