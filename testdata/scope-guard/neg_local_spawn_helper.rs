// Negative: the file's own spawn helper hands the future to spawn_local.
use std::cell::RefCell;
use std::rc::Rc;
mod local {
    pub fn spawn<F: std::future::Future + 'static>(f: F) -> tokio::task::JoinHandle<F::Output>
    where
        F::Output: 'static,
    {
        tokio::task::spawn_local(f)
    }
}

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
            local::spawn(render(state.clone(), 1)).await.unwrap()
        })
        .await;
    println!("{n}");
}
