// The RwLock is declared in another module (this file never names it):
// x.read().unwrap() with no argument is still a std RwLock read guard.
use crate::state::Cfg;
use std::sync::Arc;

pub async fn broadcast(cfg: Arc<Cfg>) -> usize {
    let t = cfg.targets.read().unwrap();
    let n = t.len();
    tokio::task::yield_now().await;
    n
}
