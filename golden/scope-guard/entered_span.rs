// A tracing span entered across an .await: reported with its remedy, never
// scoped (the events after the await would leave the span).
use tracing::info_span;

async fn handle(id: u32) -> u32 {
    let span = info_span!("request", id);
    tracing::Instrument::instrument(
        async move {
            tracing::info!("start");
            tokio::task::yield_now().await;
            tracing::info!("done");
            id
        },
        span,
    )
    .await
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(handle(7)).await.unwrap());
}
