// A value that is not Send by design (a stack addressed by raw pointers,
// two structs down: NockApp holds a Kernel holds a NockStack) used across
// awaits in a spawned task (zorp-corp/nockapp#45): reported, with the chain
// of fields; the remedy is its own thread or a LocalSet.
use tokio::sync::mpsc;

// --- stand-in for nockvm: a bump-allocated stack addressed by raw pointers (not Send)
struct NockStack {
    base: *mut u64,
    len: usize,
    _mem: Box<[u64]>,
}

impl NockStack {
    fn new(words: usize) -> NockStack {
        let mut mem = vec![0u64; words].into_boxed_slice();
        let base = mem.as_mut_ptr();
        NockStack { base, len: 0, _mem: mem }
    }
    fn push(&mut self, v: u64) {
        unsafe { *self.base.add(self.len) = v };
        self.len += 1;
    }
    fn sum(&self) -> u64 {
        (0..self.len).map(|i| unsafe { *self.base.add(i) }).sum()
    }
}

struct Kernel {
    name: String,
    stack: NockStack,
}

fn boot(name: &str) -> Kernel {
    Kernel { name: name.to_string(), stack: NockStack::new(64) }
}

struct NockApp {
    kernel: Kernel,
    drivers: Vec<String>,
}

impl NockApp {
    fn new(kernel: Kernel) -> NockApp {
        NockApp { kernel, drivers: Vec::new() }
    }
    async fn add_io_driver(&mut self, name: &str) {
        tokio::task::yield_now().await;
        self.drivers.push(name.to_string());
    }
    async fn poke(&mut self, amount: u64) -> String {
        tokio::task::yield_now().await;
        self.kernel.stack.push(amount);
        format!(
            "{}[{}]: poke {} -> balance {}",
            self.kernel.name,
            self.drivers.join(","),
            amount,
            self.kernel.stack.sum()
        )
    }
}

#[tokio::main]
async fn main() {
    let (req_tx, mut req_rx) = mpsc::channel::<u64>(8);
    let (resp_tx, mut resp_rx) = mpsc::channel::<String>(8);

    // nock kernel
    let kernel = tokio::spawn(async move {
        let kernel = boot("wallet");
        let mut wallet_app = NockApp::new(kernel);
        wallet_app.add_io_driver("fake_driver").await;
        while let Some(req) = req_rx.recv().await {
            let out = wallet_app.poke(req).await;
            resp_tx.send(out).await.unwrap();
        }
    });

    for amount in [10, 25, 5, 60] {
        req_tx.send(amount).await.unwrap();
        println!("{}", resp_rx.recv().await.unwrap());
    }
    drop(req_tx);
    kernel.await.unwrap();
    println!("kernel stopped");
}
