// Boxed iterators (`Box<dyn Iterator<Item = T> + 'a>` through an alias)
// consumed before each await of a spawned task: nothing needs Send. An
// edit once gave the alias `+ Send`, and a generic T then needed Sync
// (rwY y10: the build broke).
type BoxIter<'a, T> = Box<dyn Iterator<Item = T> + 'a>;

fn evens<'a>(v: &'a [u32]) -> BoxIter<'a, u32> {
    Box::new(v.iter().copied().filter(|x| x % 2 == 0))
}

fn chunked<'a, T: Clone + 'a>(v: &'a [T], n: usize) -> BoxIter<'a, Vec<T>> {
    Box::new(v.chunks(n).map(|c| c.to_vec()))
}

#[tokio::main]
async fn main() {
    let data: Vec<u32> = vec![3, 8, 14, 15, 22];
    let handle = tokio::spawn(async move {
        let mut sum = 0;
        for x in evens(&data) {
            sum += x;
        }
        tokio::task::yield_now().await;
        let chunks: Vec<Vec<u32>> = chunked(&data, 3).collect();
        tokio::task::yield_now().await;
        (sum, chunks.len())
    });
    println!("{:?}", handle.await.unwrap());
}
