// axum-like handler: the Handler impl requires the handler's future to be Send.
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::Mutex;

#[derive(Debug, Clone)]
struct Record {
    id: u32,
    body: String,
}

struct Buffer {
    rows: Vec<Record>,
    flushed: usize,
    bytes: usize,
}

impl Buffer {
    // an async "insert" that may flush to storage
    async fn insert(&mut self, recs: Vec<Record>) -> Result<usize, String> {
        tokio::task::yield_now().await;
        for r in &recs {
            self.bytes += r.body.len() + r.id as usize;
        }
        self.rows.extend(recs);
        if self.rows.len() >= 3 {
            self.flushed += self.rows.len();
            self.rows.clear();
        }
        Ok(self.rows.len())
    }
}

#[derive(Clone)]
struct AppState {
    buffer: Arc<Mutex<Buffer>>,
}

struct State<S>(S);
struct Json<T>(T);

type BoxFut = Pin<Box<dyn Future<Output = &'static str> + Send>>;
type Handler = Box<dyn Fn(AppState, Record) -> BoxFut + Send + Sync>;

fn post<F, Fut>(f: F) -> Handler
where
    F: Fn(State<AppState>, Json<Record>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = &'static str> + Send + 'static,
{
    Box::new(move |s, r| Box::pin(f(State(s), Json(r))))
}

async fn post_batch(State(state): State<AppState>, Json(record): Json<Record>) -> &'static str {
    let mut buffer = state.buffer.lock().await;
    buffer.insert(vec![record]).await.unwrap();
    "ok"
}

#[tokio::main]
async fn main() {
    let state = AppState {
        buffer: Arc::new(Mutex::new(Buffer { rows: vec![], flushed: 0, bytes: 0 })),
    };
    let mut routes: HashMap<&str, Handler> = HashMap::new();
    routes.insert("/batch", post(post_batch));
    let h = &routes["/batch"];
    let mut tasks = Vec::new();
    for i in 0..7 {
        let fut = h(state.clone(), Record { id: i, body: format!("row-{i}") });
        tasks.push(tokio::spawn(fut));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), "ok");
    }
    let b = state.buffer.lock().await;
    println!("flushed={} pending={} bytes={}", b.flushed, b.rows.len(), b.bytes);
}
