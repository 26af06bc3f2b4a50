mod bus;

use bus::Event;

#[tokio::main]
async fn main() {
    let bus = bus::Bus::default();
    bus.subscribe(|e| {
        if let Event::Done(n) = e {
            println!("got {}", n);
        }
    });
    let b = bus.clone();
    tokio::spawn(async move {
        tokio::task::yield_now().await;
        b.emit(Event::Done(7));
    })
    .await
    .unwrap();
}
