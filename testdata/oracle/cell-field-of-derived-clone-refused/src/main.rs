// iotaledger/identity#329: a signature keeps a Cell<bool> and derives Clone
// and PartialEq; a &Signature held across an await of a spawned task needs
// it Sync. An AtomicBool (or a Mutex) is neither Clone nor PartialEq, so the
// derive would break: refused, with why. (A RefCell or Cell behind an Rc
// is not the struct's to clone: see derive-default-event-bus.)
use std::cell::Cell;

#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    value: String,
    hidden: Cell<bool>,
}

impl Signature {
    pub fn hide_value(&self) {
        self.hidden.set(true);
    }
    pub fn to_json(&self) -> String {
        if self.hidden.get() { "{}".into() } else { format!("{{\"signatureValue\":\"{}\"}}", self.value) }
    }
}

async fn publish(sig: &Signature) -> String {
    tokio::task::yield_now().await;
    sig.to_json()
}

#[tokio::main]
async fn main() {
    let sig = Signature { value: "abc".into(), hidden: Cell::new(false) };
    let copy = sig.clone();
    copy.hide_value();
    println!("equal after hide: {}", sig == copy);
    let out = tokio::spawn(async move { publish(&sig).await }).await.unwrap();
    println!("{}", out);
}
