// rust#90937 shape: `match cell.borrow_mut().do_stuff().await { .. }` in a
// spawned task: the awaited future is made from the temporary RefMut and
// may borrow it while it waits; reported with that reason (the arms do not
// await, and no copy taken after the await could help).
use std::cell::RefCell;

struct Inner(u32);

impl Inner {
    async fn do_stuff(&self) -> u32 {
        tokio::task::yield_now().await;
        self.0 + 1
    }
}

#[tokio::main]
async fn main() {
    let out = tokio::spawn(async move {
        let cell = RefCell::new(Inner(0));
        match cell.borrow_mut().do_stuff().await {
            n => n,
        }
    })
    .await
    .unwrap();
    println!("{}", out);
}
