use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

trait Fetcher {
    fn fetch(&self, id: u32) -> impl Future<Output = String> + Send;
    fn label(&self) -> String;
}

struct Catalog {
    prefix: String,
}

impl Fetcher for Catalog {
    fn fetch(&self, id: u32) -> impl Future<Output = String> {
        let prefix = self.prefix.clone();
        async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            format!("{prefix}-{id}")
        }
    }
    fn label(&self) -> String {
        format!("catalog {}", self.prefix)
    }
}

struct Echo;

impl Fetcher for Echo {
    async fn fetch(&self, id: u32) -> String {
        tokio::task::yield_now().await;
        format!("echo {id}")
    }
    fn label(&self) -> String {
        "echo".to_string()
    }
}

fn spawn_fetch<F>(fetcher: Arc<F>, ids: Vec<u32>) -> tokio::task::JoinHandle<Vec<String>>
where
    F: Fetcher + Send + Sync + 'static,
{
    tokio::spawn(async move {
        let mut out = Vec::new();
        for id in ids {
            out.push(fetcher.fetch(id).await);
        }
        out
    })
}

#[tokio::main]
async fn main() {
    let catalog = Arc::new(Catalog { prefix: "item".to_string() });
    println!("{}", catalog.label());
    let items = spawn_fetch(catalog, vec![1, 2, 3]).await.unwrap();
    println!("{}", items.join(", "));
    let echo = Arc::new(Echo);
    println!("{}", echo.label());
    let echoed = spawn_fetch(echo, vec![7]).await.unwrap();
    println!("{}", echoed.join(", "));
}
