mod pool;

use std::sync::Arc;

use pool::Pool;

#[tokio::main]
async fn main() {
    let pool = Arc::new(Pool::new(2));
    for who in 0..5 {
        let pool = pool.clone();
        let id = tokio::spawn(async move {
            let conn = pool.checkout(who).await;
            let id = conn.id;
            pool.checkin(conn).await;
            id
        })
        .await
        .unwrap();
        println!("task {who} used connection {id}");
    }
    let idle = pool.idle_count().await;
    println!("opened {} connection(s), {idle} idle", pool.opened());
}
