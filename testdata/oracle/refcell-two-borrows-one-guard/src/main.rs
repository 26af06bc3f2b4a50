// async-graphql#527 shape: a per-request connection shared as
// Rc<RefCell<..>> moves into tasks, and one expression borrows it twice
// (each borrow a temporary of the expression). A Mutex locked twice would
// deadlock, so the two borrows share one guard: the expression runs in a
// block that locks once. Borrows in two match arms never meet.
use std::cell::RefCell;
use std::rc::Rc;

struct Conn {
    id: u32,
    log: Vec<String>,
}

impl Conn {
    fn statements(&self) -> usize {
        self.log.len()
    }
}

fn describe(conn: &Rc<RefCell<Conn>>, field: &str) -> String {
    match field {
        "id" => format!("conn {}", conn.borrow().id),
        "stats" => format!("conn {} ran {} statements", conn.borrow().id, conn.borrow().statements()),
        _ => String::from("?"),
    }
}

#[tokio::main]
async fn main() {
    let mut handles = Vec::new();
    for id in 1..=2 {
        handles.push(tokio::spawn(async move {
            let conn = Rc::new(RefCell::new(Conn { id, log: Vec::new() }));
            conn.borrow_mut().log.push("SELECT 1".to_string());
            tokio::task::yield_now().await;
            let line = describe(&conn, "stats");
            format!("{line}; {}", describe(&conn, "id"))
        }));
    }
    for h in handles {
        println!("{}", h.await.unwrap());
    }
}
