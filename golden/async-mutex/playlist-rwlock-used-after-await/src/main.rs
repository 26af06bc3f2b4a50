use std::sync::Arc;
use tokio::sync::RwLock;
use std::time::Duration;

struct Playlist {
    tracks: Vec<(String, u32)>,
}

async fn lookup_duration(title: &str) -> u32 {
    tokio::time::sleep(Duration::from_millis(1)).await;
    120 + title.len() as u32 * 7
}

async fn append(playlist: Arc<RwLock<Playlist>>, title: &'static str) -> usize {
    let mut list = playlist.write().await;
    let secs = lookup_duration(title).await;
    list.tracks.push((title.to_string(), secs));
    list.tracks.len()
}

#[tokio::main]
async fn main() {
    let playlist = Arc::new(RwLock::new(Playlist { tracks: Vec::new() }));
    for title in ["Blue in Green", "So What", "Freddie Freeloader"] {
        let n = tokio::spawn(append(playlist.clone(), title)).await.unwrap();
        println!("{n} tracks after {title}");
    }
    for (title, secs) in &playlist.read().await.tracks {
        println!("{title}: {secs}s");
    }
}
