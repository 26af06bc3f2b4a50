use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

fn render(words: &[&str]) -> String {
    let out = Rc::new(RefCell::new(String::new()));
    let writer = Rc::clone(&out);
    for w in words {
        writer.borrow_mut().push_str(w);
        writer.borrow_mut().push(' ');
    }
    let text = out.borrow().trim_end().to_string();
    text
}

async fn job(id: u32) -> String {
    let summary = {
        let counter = Rc::new(RefCell::new(0u32));
        for _ in 0..id {
            *counter.borrow_mut() += 1;
        }
        let n = *counter.borrow();
        n
    };
    tokio::time::sleep(Duration::from_millis(1)).await;
    format!("job {id}: {summary} {}", render(&["done", "ok"]))
}

#[tokio::main]
async fn main() {
    let mut handles = Vec::new();
    for id in 1..=3 {
        handles.push(tokio::spawn(job(id)));
    }
    for h in handles {
        println!("{}", h.await.unwrap());
    }
    let local = Rc::new(5);
    tokio::time::sleep(Duration::from_millis(1)).await;
    println!("main local {local}");
}
