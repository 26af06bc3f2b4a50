use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

struct PeerTable {
    last_seen: Vec<(String, u64)>,
}

fn heartbeat(peers: Arc<Mutex<PeerTable>>, peer: &'static str, tick: u64, acks: mpsc::Sender<String>) -> impl Future<Output = ()> + Send {
    async move {
        let mut table = peers.lock().unwrap();
        match table.last_seen.iter_mut().find(|(name, _)| name == peer) {
            Some(entry) => entry.1 = tick,
            None => table.last_seen.push((peer.to_string(), tick)),
        }
        acks.send(format!("ack {peer} @{tick}")).await.unwrap();
    }
}

#[tokio::main]
async fn main() {
    let peers = Arc::new(Mutex::new(PeerTable { last_seen: Vec::new() }));
    let (tx, mut rx) = mpsc::channel(8);
    for (tick, peer) in [(1, "node-a"), (2, "node-b"), (3, "node-a")] {
        heartbeat(peers.clone(), peer, tick, tx.clone()).await;
        println!("{}", rx.recv().await.unwrap());
    }
    println!("{:?}", peers.lock().unwrap().last_seen);
}
