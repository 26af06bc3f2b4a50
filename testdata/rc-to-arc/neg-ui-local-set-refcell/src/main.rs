use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use tokio::task::LocalSet;

struct Widget {
    label: String,
    clicks: u32,
}

async fn on_click(widget: Rc<RefCell<Widget>>, redraws: Rc<RefCell<Vec<String>>>) {
    let mut w = widget.borrow_mut();
    w.clicks += 1;
    tokio::time::sleep(Duration::from_millis(1)).await;
    redraws.borrow_mut().push(format!("{} clicked {} times", w.label, w.clicks));
}

#[tokio::main]
async fn main() {
    let local = LocalSet::new();
    let widget = Rc::new(RefCell::new(Widget { label: "Save".to_string(), clicks: 0 }));
    let redraws = Rc::new(RefCell::new(Vec::new()));
    local
        .run_until(async {
            for _ in 0..3 {
                tokio::task::spawn_local(on_click(widget.clone(), redraws.clone())).await.unwrap();
            }
        })
        .await;
    for line in redraws.borrow().iter() {
        println!("{line}");
    }
}
