// websocket-lite#1: a codec module declares `type Error = Box<dyn Error>`
// and its own one-parameter `type Result<T>`. The client writes std's
// two-parameter Result with that Error and holds it across an await of a
// spawned task: the module's Result does not shadow std's outside it, and
// the boxed error gets `+ Send + Sync`.
mod codec {
    pub type Error = Box<dyn std::error::Error + Send + Sync + 'static>;
    pub type Result<T> = std::result::Result<T, Error>;

    pub async fn next_frame(ok: bool) -> Option<Result<u32>> {
        tokio::task::yield_now().await;
        Some(if ok { Ok(1) } else { Err("reserved opcode".into()) })
    }
}
use codec::Error;

async fn run(ok: bool) -> String {
    let msg: Result<u32, Error> = codec::next_frame(ok).await.unwrap();
    if msg.is_err() {
        tokio::task::yield_now().await; // send a close frame
        return format!("stream error: {}", msg.unwrap_err());
    }
    format!("frame {}", msg.unwrap())
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for ok in [true, false] {
        println!("{}", rt.block_on(rt.spawn(run(ok))).unwrap());
    }
}
