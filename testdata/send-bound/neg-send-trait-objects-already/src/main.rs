use std::error::Error;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

type BoxError = Box<dyn Error + Send + Sync>;
type Task = Pin<Box<dyn Future<Output = Result<u32, BoxError>> + Send>>;

trait Step: Send + Sync {
    fn apply(&self, x: u32) -> u32;
}

struct AddOne;

impl Step for AddOne {
    fn apply(&self, x: u32) -> u32 {
        x + 1
    }
}

fn make_task(steps: Arc<Vec<Box<dyn Step>>>, seed: u32) -> Task {
    Box::pin(async move {
        tokio::task::yield_now().await;
        let mut x = seed;
        for s in steps.iter() {
            x = s.apply(x);
        }
        if x > 100 {
            return Err("too big".into());
        }
        Ok(x)
    })
}

async fn parse(raw: &str) -> Result<u32, Box<dyn Error + Send + Sync>> {
    tokio::task::yield_now().await;
    Ok(raw.parse()?)
}

#[tokio::main]
async fn main() {
    let steps: Arc<Vec<Box<dyn Step>>> = Arc::new(vec![Box::new(AddOne), Box::new(AddOne)]);
    let hook: Box<dyn Fn(u32) -> u32 + Send> = Box::new(|x| x * 10);
    let t = tokio::spawn(make_task(Arc::clone(&steps), 1));
    let r = t.await.unwrap().unwrap();
    let p = tokio::spawn(async move { parse("41").await.map(|v| hook(v)) });
    println!("{r} {:?}", p.await.unwrap().ok());
}
