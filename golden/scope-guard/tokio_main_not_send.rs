// Tests (no finding): futures that need not be Send. The #[tokio::main]
// body is block_on'd on the current thread; #[tokio::test] bodies too; an
// async fn called only from main, awaited in place; and a future run by
// futures::executor::block_on. Guards held across awaits there compile
// (they are a deadlock hazard, reported only with --all) and stay as they are.
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Cli {
    lines: Mutex<Vec<String>>,
}

async fn pause() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

async fn print_all(cli: &Cli) {
    let lines = cli.lines.lock().unwrap();
    pause().await;
    for l in lines.iter() {
        println!("{l}");
    }
}

#[tokio::main]
async fn main() {
    let cli = Arc::new(Cli { lines: Mutex::new(vec!["hello".into()]) });
    let mut lines = cli.lines.lock().unwrap();
    lines.push("world".into());
    pause().await;
    drop(lines);
    print_all(&cli).await;
    futures::executor::block_on(async {
        let n = cli.lines.lock().unwrap();
        futures::future::ready(()).await;
        println!("{}", n.len());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn prints() {
        let cli = Cli { lines: Mutex::new(Vec::new()) };
        let g = cli.lines.lock().unwrap();
        pause().await;
        assert!(g.is_empty());
    }
}
