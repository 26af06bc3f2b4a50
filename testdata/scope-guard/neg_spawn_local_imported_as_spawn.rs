// Negative: spawn_local imported under the name spawn.
use std::cell::RefCell;
use std::rc::Rc;
use tokio::task::spawn_local as spawn;

async fn render(state: Rc<RefCell<Vec<u32>>>, v: u32) -> usize {
    let mut st = state.borrow_mut();
    st.push(v);
    tokio::task::yield_now().await;
    st.len()
}

#[tokio::main]
async fn main() {
    let ls = tokio::task::LocalSet::new();
    let n = ls
        .run_until(async {
            let state = Rc::new(RefCell::new(Vec::new()));
            // `spawn` is tokio::task::spawn_local, imported under that name
            spawn(render(state.clone(), 1)).await.unwrap()
        })
        .await;
    println!("{n}");
}
