mod pool;

use std::sync::Arc;
use std::time::Duration;

use pool::Pool;

impl Pool {
    async fn run_query(&self, client: &str, sql: &str) -> usize {
        {
            let mut idle = self.idle.lock().unwrap();
            let mut conn = idle.pop_front().expect("pool exhausted");
            conn.uses += 1;
            self.checkouts.lock().unwrap().push(format!("{client} took #{}", conn.id));
            idle.push_back(conn);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
        sql.split_whitespace().count()
    }
}

#[tokio::main]
async fn main() {
    let pool = Arc::new(Pool::with_connections(2));
    let queries = [
        ("api", "SELECT id FROM users"),
        ("cron", "DELETE FROM sessions WHERE expired"),
        ("api", "SELECT 1"),
    ];
    for (client, sql) in queries {
        let pool = pool.clone();
        let words = tokio::spawn(async move { pool.run_query(client, sql).await }).await.unwrap();
        println!("{client}: {words} words");
    }
    println!("checkouts: {:?}", pool.checkouts.lock().unwrap());
    println!("idle: {}", pool.idle_summary());
}
