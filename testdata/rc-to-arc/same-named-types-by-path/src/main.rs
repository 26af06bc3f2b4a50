mod server;
mod ui;

use std::cell::RefCell;
use std::rc::Rc;

#[tokio::main]
async fn main() {
    let srv = server::State { port: 80 };
    let st = ui::State { items: Rc::new(RefCell::new(Vec::new())) };
    tokio::spawn(ui::ui_task(st.clone())).await.unwrap();
    println!("{} {}", srv.len(), st.len());
}
