use std::sync::Arc;
use tokio::sync::Mutex;

struct Client {
    calls: u32,
}

impl Client {
    async fn fetch(&mut self, id: u32) -> String {
        tokio::task::yield_now().await;
        self.calls += 1;
        format!("item{id}")
    }
}

async fn load(client: Arc<Mutex<Client>>, id: u32) -> String {
    client.lock().await.fetch(id).await
}

#[tokio::main]
async fn main() {
    let client = Arc::new(Mutex::new(Client { calls: 0 }));
    for id in 1..=2 {
        println!("{}", tokio::spawn(load(client.clone(), id)).await.unwrap());
    }
    println!("calls={}", client.lock().await.calls);
}
