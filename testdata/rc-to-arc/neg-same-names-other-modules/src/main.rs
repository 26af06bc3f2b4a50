// Nothing to fix: the Cell-based Lazy never leaves its thread, and the
// Lazy that a task takes along is the Mutex-based one of another module
// with the same name. A `spawn` method of the package's own trait runs
// its job in place: the Rc it is given needs no Arc.
mod unsync {
    use std::cell::Cell;

    pub struct Lazy<F> {
        init: Cell<Option<F>>,
        hits: Cell<u32>,
    }

    impl<F: FnOnce() -> u32> Lazy<F> {
        pub fn new(f: F) -> Self {
            Lazy { init: Cell::new(Some(f)), hits: Cell::new(0) }
        }

        pub fn get(&self) -> u32 {
            self.hits.set(self.hits.get() + 1);
            match self.init.take() {
                Some(f) => f(),
                None => 0,
            }
        }
    }
}

mod sync {
    use std::sync::Mutex;

    pub struct Lazy<F> {
        init: Mutex<Option<F>>,
    }

    impl<F: FnOnce() -> u32> Lazy<F> {
        pub fn new(f: F) -> Self {
            Lazy { init: Mutex::new(Some(f)) }
        }

        pub fn get(&self) -> u32 {
            let f = self.init.lock().unwrap().take();
            f.map(|f| f()).unwrap_or(0)
        }
    }
}

mod local {
    use crate::unsync::Lazy;
    use std::cell::Cell;

    pub fn count() -> u32 {
        let called = Cell::new(0);
        let lazy = Lazy::new(|| {
            called.set(called.get() + 1);
            7
        });
        lazy.get() + called.get()
    }
}

mod shared {
    use crate::sync::Lazy;

    pub async fn count() -> u32 {
        let lazy = Lazy::new(|| 5);
        tokio::spawn(async move {
            tokio::task::yield_now().await;
            lazy.get()
        })
        .await
        .unwrap()
    }
}

trait Spawner {
    fn spawn(&mut self, job: Box<dyn FnOnce() -> u32>) -> u32;
}

struct Inline;

impl Spawner for Inline {
    fn spawn(&mut self, job: Box<dyn FnOnce() -> u32>) -> u32 {
        job()
    }
}

fn run_inline(s: &mut impl Spawner) -> u32 {
    let counter = std::rc::Rc::new(std::cell::Cell::new(1));
    let c = counter.clone();
    s.spawn(Box::new(move || {
        c.set(c.get() + 1);
        c.get()
    })) + counter.get()
}

#[tokio::main]
async fn main() {
    println!("{}", local::count());
    println!("{}", shared::count().await);
    println!("{}", run_inline(&mut Inline));
}
