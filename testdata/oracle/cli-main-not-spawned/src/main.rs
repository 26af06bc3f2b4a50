use std::sync::Mutex;
use std::time::Duration;

struct Manifest {
    urls: Vec<&'static str>,
}

async fn download(url: &str) -> usize {
    tokio::time::sleep(Duration::from_millis(1)).await;
    url.len() * 100
}

#[tokio::main]
async fn main() {
    let manifest = Mutex::new(Manifest { urls: vec!["https://example.org/a.tar.gz", "https://example.org/b.zip"] });
    let progress = Mutex::new(Vec::new());

    let entries = manifest.lock().unwrap();
    println!("fetching {} files", entries.urls.len());
    let first = download("https://example.org/index.json").await;
    println!("index: {first} bytes");

    let mut log = progress.lock().unwrap();
    for url in ["https://example.org/a.tar.gz", "https://example.org/b.zip"] {
        let bytes = download(url).await;
        log.push(format!("{url}: {bytes} bytes"));
    }
    for line in log.iter() {
        println!("{line}");
    }
}
