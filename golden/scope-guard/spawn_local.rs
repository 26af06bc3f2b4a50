// Tests (no finding): futures run by tokio::task::spawn_local on a LocalSet
// and by LocalSet::run_until need not be Send, so Rc<RefCell<..>> borrows
// and std Mutex guards held across their awaits compile and stay as they
// are. A future for spawn_local built by a helper fn is left alone too.
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Mutex;
use std::time::Duration;
use tokio::task::LocalSet;

struct Ui {
    events: RefCell<Vec<String>>,
    frames: Mutex<u64>,
}

async fn next_frame() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

async fn render(ui: Rc<Ui>) {
    let mut frames = ui.frames.lock().unwrap();
    *frames += 1;
    next_frame().await;
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let ui = Rc::new(Ui { events: RefCell::new(Vec::new()), frames: Mutex::new(0) });
    let local = LocalSet::new();
    let u = ui.clone();
    local.spawn_local(async move {
        let mut events = u.events.borrow_mut();
        events.push("click".into());
        next_frame().await;
        events.push("redraw".into());
    });
    local.spawn_local(render(ui.clone()));
    let u = ui.clone();
    local
        .run_until(async move {
            let events = u.events.borrow();
            next_frame().await;
            println!("{} events", events.len());
        })
        .await;
    let u = ui.clone();
    tokio::task::spawn_local(async move {
        let frames = u.frames.lock().unwrap();
        next_frame().await;
        println!("{} frames", *frames);
    });
    local.await;
}
