use std::error::Error as StdError;
use std::fmt;

#[derive(Debug)]
pub struct FetchError {
    pub attempt: u32,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "server busy on attempt {}", self.attempt)
    }
}
impl StdError for FetchError {}

pub struct BatchTaskManager {
    pub worker: u32,
    pub fail_first: u32,
}

impl BatchTaskManager {
    async fn fetch_once(&self, attempt: u32) -> Result<String, Box<dyn StdError>> {
        tokio::task::yield_now().await;
        if attempt < self.fail_first {
            return Err(Box::new(FetchError { attempt }));
        }
        let n: u32 = format!("{}", self.worker * 7).parse()?;
        Ok(format!("task-{}", n))
    }

    async fn report(&self, msg: &str) -> usize {
        tokio::task::yield_now().await;
        msg.len()
    }

    pub async fn fetch_single_task(&self) -> Result<(String, Vec<String>), Box<dyn StdError>> {
        let mut notes = Vec::new();
        let mut attempt = 0;
        loop {
            match self.fetch_once(attempt).await {
                Ok(t) => return Ok((t, notes)),
                Err(e) => {
                    let n = self.report("retrying").await;
                    notes.push(format!("worker {} attempt {} failed ({} bytes logged): {}", self.worker, attempt, n, e));
                    attempt += 1;
                    if attempt > 3 {
                        return Err(e);
                    }
                }
            }
        }
    }
}
