// Tests: a tab-indented file (hard tabs, as rustfmt's hard_tabs = true
// writes). The new block and the re-indented statements must use tabs, one
// more tab per level, never spaces; the continuation lines of a multi-line
// call are re-indented with a tab too.
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

struct Pool {
	free: Mutex<Vec<u32>>,
	limits: RwLock<(u32, u32)>,
}

async fn dial(id: u32) {
	tokio::time::sleep(Duration::from_millis(id as u64 % 2)).await;
}

async fn acquire(p: Arc<Pool>) -> Option<u32> {
	let conn = {
		let mut free = p.free.lock().unwrap();
		let conn = free.pop();
		free.retain(|c| {
			*c != 0
		});
		conn
	};
	dial(conn.unwrap_or(0)).await;
	conn
}

impl Pool {
	async fn grow(self: Arc<Self>) {
		let (min, max) = {
			let limits = self.limits.read().unwrap();
			let (min, max) = *limits;
			(min, max)
		};
		if max > min {
			dial(max).await;
		}
	}
}

#[tokio::main]
async fn main() {
	let p = Arc::new(Pool { free: Mutex::new(vec![1, 2]), limits: RwLock::new((1, 4)) });
	println!("{:?}", tokio::spawn(acquire(p.clone())).await.unwrap());
	tokio::spawn(p.clone().grow()).await.unwrap();
}
