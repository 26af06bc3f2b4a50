// helium-wallet-rs#557, once fixed: `&(dyn Signer + Sync)` is held across
// awaits in a spawned task and passed to sync fns that take `&dyn Signer`
// (dropping an auto trait is a coercion). Those fns need nothing: the
// value's needs are not the parameter's.
use std::sync::Arc;

pub trait Signer {
    fn pubkey(&self) -> String;
    fn sign(&self, msg: &[u8]) -> String;
}

struct Keypair(&'static str);

impl Signer for Keypair {
    fn pubkey(&self) -> String {
        self.0.to_string()
    }
    fn sign(&self, msg: &[u8]) -> String {
        format!("{}:{}", self.0, msg.len())
    }
}

fn sign_all(signers: &[&dyn Signer], msg: &[u8]) -> Vec<String> {
    signers.iter().map(|s| s.sign(msg)).collect()
}

fn describe(signer: &dyn Signer) -> String {
    format!("signer {}", signer.pubkey())
}

async fn claim(hotspot: &str, keypair: &(dyn Signer + Sync)) -> Vec<String> {
    tokio::task::yield_now().await;
    let mut out = vec![describe(keypair)];
    out.extend(sign_all(&[keypair], hotspot.as_bytes()));
    tokio::task::yield_now().await;
    out.push(keypair.pubkey());
    out
}

#[tokio::main]
async fn main() {
    let keypair: Arc<dyn Signer + Send + Sync> = Arc::new(Keypair("wallet"));
    let task = tokio::spawn(async move { claim("hotspot-1", &*keypair).await });
    println!("{:?}", task.await.unwrap());
}
