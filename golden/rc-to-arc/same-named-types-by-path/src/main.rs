mod server;
mod ui;

use std::sync::{Arc, Mutex};

#[tokio::main]
async fn main() {
    let srv = server::State { port: 80 };
    let st = ui::State { items: Arc::new(Mutex::new(Vec::new())) };
    tokio::spawn(ui::ui_task(st.clone())).await.unwrap();
    println!("{} {}", srv.len(), st.len());
}
