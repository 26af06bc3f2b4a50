// Nothing to fix: every task is Send already. The trait objects and
// futures written here must keep their types: an impl header, a method of
// std's Error trait, an inherent `-> impl Future` (whose Send-ness callers
// see), and a test-style fn whose Box<dyn Error> only receives errors
// through `?`.
use std::error::Error;
use std::fmt;
use std::future::Future;

#[derive(Debug)]
struct Wrapped(Box<dyn Error + Send + Sync>);

impl fmt::Display for Wrapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "wrapped: {}", self.0)
    }
}

impl Error for Wrapped {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.0)
    }
}

trait Plugin {
    fn name(&self) -> String;
}

impl dyn Plugin {
    fn shout(&self) -> String {
        self.name().to_uppercase()
    }
}

struct Loud;

impl Plugin for Loud {
    fn name(&self) -> String {
        "loud".to_string()
    }
}

fn ready(n: u32) -> impl Future<Output = u32> {
    async move {
        tokio::task::yield_now().await;
        n + 1
    }
}

async fn read() -> Result<u32, std::io::Error> {
    tokio::task::yield_now().await;
    Ok(41)
}

async fn checked() -> Result<u32, Box<dyn Error>> {
    let n = read().await?;
    Ok(n + 1)
}

#[tokio::main]
async fn main() {
    let plugin: Box<dyn Plugin> = Box::new(Loud);
    println!("{}", plugin.shout());
    let err = Wrapped("disk full".into());
    let task = tokio::spawn(async move {
        let n = ready(1).await;
        let m = read().await.unwrap_or(0);
        let source = err.source().map(|s| s.to_string()).unwrap_or_default();
        format!("{n} {m} {err} / {source}")
    });
    println!("{}", task.await.unwrap());
    println!("{}", checked().await.unwrap());
}
