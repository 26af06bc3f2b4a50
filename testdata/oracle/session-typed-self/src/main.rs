use std::error::Error;
use std::rc::Rc;
use std::sync::Arc;

type BoxedError = Box<dyn Error + Send + Sync>;

#[derive(Debug)]
pub struct PgResponse {
    pub rows: usize,
    pub tag: String,
}

// A per-query tracker that was made !Send by carrying an Rc<()>.
struct QueryTracker {
    _marker: Rc<()>,
    sql: String,
}

impl QueryTracker {
    fn start(sql: &str) -> Self {
        QueryTracker { _marker: Rc::new(()), sql: sql.to_string() }
    }
    fn finish(self, rows: usize) -> String {
        format!("{} [{} rows]", self.sql, rows)
    }
}

pub struct Session {
    name: String,
}

impl Session {
    async fn plan(&self, stmt: &str) -> Result<usize, BoxedError> {
        tokio::task::yield_now().await;
        if stmt.is_empty() {
            return Err("empty statement".into());
        }
        Ok(stmt.len() % 5 + 1)
    }

    async fn execute(&self, plan: usize) -> Result<usize, BoxedError> {
        tokio::task::yield_now().await;
        Ok(plan * 10)
    }

    async fn run_one_query(self: Arc<Self>, stmt: String) -> Result<PgResponse, BoxedError> {
        let tracker = QueryTracker::start(&stmt);
        let plan = self.plan(&stmt).await?;
        let rows = self.execute(plan).await?;
        let tag = format!("{}: {}", self.name, tracker.finish(rows));
        Ok(PgResponse { rows, tag })
    }
}

#[tokio::main]
async fn main() {
    let session = Arc::new(Session { name: "s1".into() });
    let mut handles = Vec::new();
    for stmt in ["SELECT 1", "SELECT * FROM t", ""] {
        handles.push(tokio::spawn(session.clone().run_one_query(stmt.to_string())));
    }
    for h in handles {
        match h.await.unwrap() {
            Ok(r) => println!("ok {} {}", r.rows, r.tag),
            Err(e) => println!("err {}", e),
        }
    }
}
