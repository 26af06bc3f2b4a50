// A fn returning `impl Future + Send` whose async block (the body's tail,
// a statement to tree-sitter) captures a `&impl Label` argument
// (0xMiden/miden-vm#1993 shape): the reference is Send only when the
// impl is Sync, so the argument's impl gets the bounds.
use std::future::Future;

trait Label {
    fn label(&self) -> String;
}

struct Clk(u32);
impl Label for Clk {
    fn label(&self) -> String {
        format!("clk={}", self.0)
    }
}

fn on_event(id: u32, ctx: &impl Label) -> impl Future<Output = String> + Send + '_ {
    async move {
        tokio::task::yield_now().await;
        format!("event {} at {}", id, ctx.label())
    }
}

#[tokio::main]
async fn main() {
    let out = tokio::spawn(async move {
        let c = Clk(3);
        on_event(7, &c).await
    });
    println!("{}", out.await.unwrap());
}
