// taitan-orm#3: an ORM error enum keeps a Box<dyn Error> variant, filled by
// `impl From<Box<dyn StdError>> for OrmError` through `?`, and a result
// holding it lives across an await of a spawned task. Only the variant,
// the From impl and validate together could take `+ Send + Sync`, and an
// impl header is not this pass's to change: it must not edit validate
// alone (the `?` would no longer convert). Left to --cargo's report.
use std::error::Error as StdError;

#[derive(Debug)]
enum OrmError {
    Sqlx(String),
    BoxDynError(Box<dyn StdError>),
}

impl From<Box<dyn StdError>> for OrmError {
    fn from(e: Box<dyn StdError>) -> Self {
        OrmError::BoxDynError(e)
    }
}

fn validate(n: i64) -> Result<(), Box<dyn StdError>> {
    if n < 0 { Err("negative id".into()) } else { Ok(()) }
}

async fn insert(n: i64) -> Result<i64, OrmError> {
    tokio::task::yield_now().await;
    validate(n)?;
    if n == 0 { return Err(OrmError::Sqlx("UNIQUE constraint failed".into())); }
    Ok(n)
}

async fn handler(n: i64) -> String {
    let result = insert(n).await;
    tokio::task::yield_now().await; // e.g. commit
    match result {
        Ok(v) => format!("ok {v}"),
        Err(e) => format!("err {e:?}"),
    }
}

#[tokio::main]
async fn main() {
    for n in [1, -1, 0] {
        println!("{}", tokio::spawn(handler(n)).await.unwrap());
    }
}
