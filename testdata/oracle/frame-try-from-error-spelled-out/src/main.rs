// atrium#20 shape: `impl TryFrom<&[u8]> for Frame` whose `type Error =
// Box<dyn Error>` is spelled out again in `try_from`'s signature. The
// result is held across an await in a spawned task: both places get
// `+ Send + Sync` (TryFrom's declaration says `Self::Error`, so they must
// stay equal).
use std::error::Error;

struct Frame(u8);

impl TryFrom<&[u8]> for Frame {
    type Error = Box<dyn Error>;

    fn try_from(v: &[u8]) -> Result<Self, Box<dyn Error>> {
        v.first().map(|b| Frame(*b)).ok_or_else(|| "empty frame".into())
    }
}

async fn process(message: Vec<u8>) -> String {
    let frame = Frame::try_from(&message[..]);
    tokio::task::yield_now().await;
    match frame {
        Ok(f) => format!("frame {}", f.0),
        Err(e) => format!("error: {e}"),
    }
}

#[tokio::main]
async fn main() {
    let a = tokio::spawn(process(vec![7])).await.unwrap();
    let b = tokio::spawn(process(vec![])).await.unwrap();
    println!("{a}; {b}");
}
