use std::collections::BTreeMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower_service::Service;

#[derive(Debug)]
pub struct Request {
    path: String,
}

#[derive(Debug)]
pub struct Response {
    status: u16,
    body: String,
}

// A static-file service: resolves a path against an in-memory "root".
#[derive(Clone)]
pub struct Static {
    root: Arc<BTreeMap<String, String>>,
}

async fn resolve(root: Arc<BTreeMap<String, String>>, path: String) -> Result<Response, io::Error> {
    tokio::task::yield_now().await; // open + stat
    let key = if path.ends_with('/') { format!("{path}index.html") } else { path };
    match root.get(&key) {
        Some(body) => Ok(Response { status: 200, body: body.clone() }),
        None if key.contains("..") => Err(io::Error::new(io::ErrorKind::PermissionDenied, "path traversal")),
        None => Ok(Response { status: 404, body: String::new() }),
    }
}

impl Service<Request> for Static {
    type Response = Response;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, io::Error>>>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), io::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Self::Future {
        Box::pin(resolve(self.root.clone(), req.path))
    }
}

// hyper-like server: every connection's response future runs on the
// multi-threaded executor.
async fn serve<S>(mut svc: S, reqs: Vec<Request>) -> Vec<String>
where
    S: Service<Request, Response = Response, Error = io::Error>,
    S::Future: Send + 'static,
{
    let mut handles = Vec::new();
    for req in reqs {
        futures::future::poll_fn(|cx| svc.poll_ready(cx)).await.unwrap();
        let path = req.path.clone();
        handles.push((path, tokio::spawn(svc.call(req))));
    }
    let mut lines = Vec::new();
    for (path, h) in handles {
        match h.await.unwrap() {
            Ok(r) => lines.push(format!("{path} -> {} {}", r.status, r.body.len())),
            Err(e) => lines.push(format!("{path} -> error: {e}")),
        }
    }
    lines
}

#[tokio::main]
async fn main() {
    let mut files = BTreeMap::new();
    files.insert("/index.html".to_string(), "<h1>home</h1>".to_string());
    files.insert("/docs/index.html".to_string(), "<h1>docs</h1><p>..</p>".to_string());
    files.insert("/app.js".to_string(), "console.log(1)".to_string());
    let svc = Static { root: Arc::new(files) };
    let reqs = ["/", "/docs/", "/app.js", "/missing.css", "/../etc/passwd"]
        .iter()
        .map(|p| Request { path: p.to_string() })
        .collect();
    for line in serve(svc, reqs).await {
        println!("{line}");
    }
}
