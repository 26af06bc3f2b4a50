use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::LocalSet;

struct Scoreboard {
    scores: RefCell<Vec<(String, u32)>>,
}

async fn play(board: Rc<Scoreboard>, player: &'static str, points: u32) {
    tokio::time::sleep(Duration::from_millis(1)).await;
    board.scores.borrow_mut().push((player.to_string(), points));
}

async fn tally(total: Arc<std::sync::atomic::AtomicU32>, points: u32) {
    tokio::task::yield_now().await;
    total.fetch_add(points, std::sync::atomic::Ordering::SeqCst);
}

#[tokio::main]
async fn main() {
    let board = Rc::new(Scoreboard { scores: RefCell::new(Vec::new()) });
    let total = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let local = LocalSet::new();
    for (player, points) in [("ann", 3), ("bob", 5)] {
        local.spawn_local(play(Rc::clone(&board), player, points));
        tokio::spawn(tally(Arc::clone(&total), points)).await.unwrap();
    }
    let shared = board.clone();
    local
        .run_until(async move {
            tokio::task::spawn_local(async move {
                shared.scores.borrow_mut().push(("cid".to_string(), 1));
            })
            .await
            .unwrap();
        })
        .await;
    local.await;
    let mut scores = board.scores.borrow().clone();
    scores.sort();
    println!("{scores:?} total {}", total.load(std::sync::atomic::Ordering::SeqCst));
}
