// rspotify#334: a paginated endpoint returns a boxed stream without Send,
// built by stream::unfold from a request closure, and is read in a spawned
// task. The alias gets `+ Send`, and so must what the stream holds: the
// closure (R), the futures it makes (Fut) and the page of items (T) that
// flatten reads from.
use futures::stream::{self, Stream, StreamExt};
use std::future::Future;
use std::pin::Pin;

pub type Paginator<'a, T> = Pin<Box<dyn Stream<Item = T> + Send + 'a>>;

pub fn paginate<'a, T: Send + 'a, Fut, R>(req: R) -> Paginator<'a, T>
where
    Fut: Future<Output = Vec<T>> + Send + 'a,
    R: Fn(u32) -> Fut + Send + 'a,
{
    Box::pin(
        stream::unfold((req, 0u32), |(req, page)| async move {
            let items = req(page).await;
            if items.is_empty() {
                None
            } else {
                Some((stream::iter(items), (req, page + 1)))
            }
        })
        .flatten(),
    )
}

async fn fetch(page: u32) -> Vec<String> {
    tokio::task::yield_now().await;
    if page < 2 { vec![format!("track {}", page * 10), format!("track {}", page * 10 + 1)] } else { Vec::new() }
}

#[tokio::main]
async fn main() {
    let task = tokio::spawn(async {
        let mut tracks = paginate(fetch);
        let mut all = Vec::new();
        while let Some(t) = tracks.next().await {
            all.push(t);
        }
        all
    });
    println!("{:?}", task.await.unwrap());
}
