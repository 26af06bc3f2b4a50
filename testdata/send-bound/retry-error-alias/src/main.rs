// Shape from huahua1220/nexus-cli-linux#2: a JoinSet task calls a method whose
// Err(e) branch (Box<dyn StdError>) awaits a retry while `e` is still used later.
mod batch_task_manager;

use batch_task_manager::BatchTaskManager;
use tokio::task::JoinSet;

#[tokio::main]
async fn main() {
    let mut join_set = JoinSet::new();
    for worker in 0..3u32 {
        let mgr = BatchTaskManager { worker, fail_first: worker };
        join_set.spawn(async move {
            let out = match mgr.fetch_single_task().await {
                Ok((task, notes)) => (task, notes),
                Err(e) => (format!("gave up: {}", e), vec![]),
            };
            (worker, out)
        });
    }
    let mut results = Vec::new();
    while let Some(r) = join_set.join_next().await {
        results.push(r.unwrap());
    }
    results.sort_by_key(|r| r.0);
    for (worker, (task, notes)) in results {
        println!("worker {} -> {}", worker, task);
        for n in notes {
            println!("  {}", n);
        }
    }
}
