// ytextract#58 shape: a method returns `Box<dyn Iterator<Item = u32> + '_>`
// (no Send), and a spawned async fn awaits inside the for loop over it: the
// iterator lives across the await, so the object gets `+ Send`.
struct Playlist {
    ids: Vec<u32>,
}

impl Playlist {
    fn videos(&self) -> Box<dyn Iterator<Item = u32> + Send + '_> {
        Box::new(self.ids.iter().copied())
    }
}

async fn duration(id: u32) -> u32 {
    tokio::task::yield_now().await;
    id * 60
}

async fn summarize(p: Playlist) -> u32 {
    let mut total = 0;
    for v in p.videos() {
        total += duration(v).await;
    }
    total
}

#[tokio::main]
async fn main() {
    let p = Playlist { ids: vec![1, 2, 3] };
    println!("{}", tokio::spawn(summarize(p)).await.unwrap());
}
