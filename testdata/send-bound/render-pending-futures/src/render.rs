// Stand-in for iocraft's render loop state: it stores hook futures as
// Pin<Box<dyn Future>> without a Send bound.
use std::future::Future;
use std::io;
use std::pin::Pin;

pub struct RenderLoopFutureState {
    pending: Vec<Pin<Box<dyn Future<Output = io::Result<()>>>>>,
    pub frames: Vec<String>,
}

pub struct Element {
    pub name: String,
    pub lines: usize,
}

impl Element {
    pub fn new(name: &str, lines: usize) -> Self {
        Element { name: name.to_string(), lines }
    }

    pub async fn render_loop(&self) -> io::Result<Vec<String>> {
        let mut state = RenderLoopFutureState { pending: Vec::new(), frames: Vec::new() };
        for i in 0..self.lines {
            let label = format!("{}#{}", self.name, i);
            state.pending.push(Box::pin(async move {
                tokio::task::yield_now().await;
                if label.is_empty() {
                    return Err(io::Error::new(io::ErrorKind::Other, "empty"));
                }
                Ok(())
            }));
            state.frames.push(format!("frame {} of {}", i, self.name));
        }
        for fut in state.pending.drain(..) {
            fut.await?;
        }
        Ok(state.frames)
    }
}
