// Shape: a binding layer keeps one game session in a global
// `static AKI: std::sync::Mutex<Option<Akinator>>`; the exported functions lock
// it and call the session's *async* methods while holding the guard, then hand
// the future to a `future_into_py`-style bridge that requires Send + 'static.
// The guard must live across the await (the methods need &mut Akinator).
// Source: https://github.com/awestlake87/pyo3-asyncio/issues/71
use std::future::Future;
use tokio::sync::Mutex;
use std::time::Duration;

struct Akinator {
    step: u32,
    questions: Vec<&'static str>,
}

impl Akinator {
    fn new() -> Self {
        Akinator { step: 0, questions: vec!["Is your character real?", "Is your character a YouTuber?", "Is your character from a video game?"] }
    }
    async fn start(&mut self) -> Result<String, String> {
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.step = 0;
        Ok(self.questions[0].to_string())
    }
    async fn answer(&mut self, yes: bool) -> Result<String, String> {
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.step += 1;
        match self.questions.get(self.step as usize) {
            Some(q) => Ok(format!("[{}] {q}", if yes { "y" } else { "n" })),
            None => Err("no more questions".to_string()),
        }
    }
}

static AKI: std::sync::LazyLock<Mutex<Option<Akinator>>> = std::sync::LazyLock::new(|| Mutex::new(None));

// stands in for pyo3_asyncio::tokio::future_into_py
async fn future_into_py<F, T>(fut: F) -> T
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    tokio::spawn(fut).await.unwrap()
}

async fn start_game() -> Result<String, String> {
    future_into_py(async {
        let mut guard = AKI.lock().await;
        let aki = guard.get_or_insert_with(Akinator::new);
        aki.start().await
    })
    .await
}

async fn answer(yes: bool) -> Result<String, String> {
    future_into_py(async move {
        let mut guard = AKI.lock().await;
        match guard.as_mut() {
            Some(aki) => aki.answer(yes).await,
            None => Err("game not started".to_string()),
        }
    })
    .await
}

#[tokio::main]
async fn main() {
    println!("{:?}", answer(true).await);
    println!("{:?}", start_game().await);
    println!("{:?}", answer(false).await);
    println!("{:?}", answer(true).await);
    println!("{:?}", answer(true).await);
}
