// async-graphql#527 shape: a per-request connection shared as
// Rc<RefCell<..>> moves into tasks, and one expression borrows it twice
// (each borrow a temporary of the expression). A Mutex locked twice would
// deadlock, so the two borrows share one guard: the expression runs in a
// block that locks once. Borrows in two match arms never meet.
use std::sync::{Arc, Mutex};

struct Conn {
    id: u32,
    log: Vec<String>,
}

impl Conn {
    fn statements(&self) -> usize {
        self.log.len()
    }
}

fn describe(conn: &Arc<Mutex<Conn>>, field: &str) -> String {
    match field {
        "id" => format!("conn {}", conn.lock().unwrap().id),
        "stats" => { let guard = conn.lock().unwrap(); format!("conn {} ran {} statements", guard.id, guard.statements()) },
        _ => String::from("?"),
    }
}

#[tokio::main]
async fn main() {
    let mut handles = Vec::new();
    for id in 1..=2 {
        handles.push(tokio::spawn(async move {
            let conn = Arc::new(Mutex::new(Conn { id, log: Vec::new() }));
            conn.lock().unwrap().log.push("SELECT 1".to_string());
            tokio::task::yield_now().await;
            let line = describe(&conn, "stats");
            format!("{line}; {}", describe(&conn, "id"))
        }));
    }
    for h in handles {
        println!("{}", h.await.unwrap());
    }
}
