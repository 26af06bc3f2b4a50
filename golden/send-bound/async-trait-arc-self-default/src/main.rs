// async-trait#210 shape: an #[async_trait] default method taking `self:
// Arc<Self>` holds it across an await. async_trait asks Self: Send of such
// a method; an Arc<Self> is Send only when Self is Sync too, so the trait
// gets `: Sync` (a method taking &self needs nothing more).
use async_trait::async_trait;
use std::sync::Arc;

#[async_trait]
trait Service: Sync {
    fn name(&self) -> String;

    async fn run(self: Arc<Self>) -> String {
        tokio::task::yield_now().await;
        self.name()
    }

    async fn describe(&self) -> String {
        tokio::task::yield_now().await;
        format!("service {}", self.name())
    }
}

struct Mailer;

#[async_trait]
impl Service for Mailer {
    fn name(&self) -> String {
        "mailer".into()
    }
}

#[tokio::main]
async fn main() {
    let a = tokio::spawn(Arc::new(Mailer).run()).await.unwrap();
    let b = Mailer.describe().await;
    println!("{a}; {b}");
}
