// A hand-written single-thread executor: `Executor::spawn` and a free
// `spawn` wrapper take `F: Future + 'static` without Send, so the futures
// given to them need not be Send: their RefCell borrows and Rc are left
// alone (rwY y02).
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

type LocalFut = Pin<Box<dyn Future<Output = ()>>>;

#[derive(Clone, Default)]
pub struct Executor {
    queue: Rc<RefCell<VecDeque<LocalFut>>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Executor>> = RefCell::new(None);
}

fn noop_raw() -> RawWaker {
    fn clone(_: *const ()) -> RawWaker { noop_raw() }
    fn noop(_: *const ()) {}
    static VT: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    RawWaker::new(std::ptr::null(), &VT)
}

impl Executor {
    pub fn spawn<F: Future<Output = ()> + 'static>(&self, f: F) {
        self.queue.borrow_mut().push_back(Box::pin(f));
    }
    pub fn run(&self) {
        CURRENT.with(|c| *c.borrow_mut() = Some(self.clone()));
        let waker = unsafe { Waker::from_raw(noop_raw()) };
        let mut cx = Context::from_waker(&waker);
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(mut task) = next else { break };
            if task.as_mut().poll(&mut cx).is_pending() {
                self.queue.borrow_mut().push_back(task);
            }
        }
        CURRENT.with(|c| *c.borrow_mut() = None);
    }
}

/// Spawns onto the executor running on this thread (no Send bound).
pub fn spawn<F: Future<Output = ()> + 'static>(f: F) {
    let ex = CURRENT.with(|c| c.borrow().clone()).expect("no executor running");
    ex.spawn(f)
}

struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        Poll::Pending
    }
}

fn main() {
    let ex = Executor::default();
    let log = Rc::new(RefCell::new(Vec::new()));

    let l = log.clone();
    ex.spawn(async move {
        let l2 = l.clone();
        spawn(async move {
            YieldNow(false).await;
            l2.borrow_mut().push("nested done".to_string());
        });
        l.borrow_mut().push("outer done".to_string());
    });

    let l = log.clone();
    ex.spawn(async move {
        let scratch = RefCell::new(Vec::new());
        let mut g = scratch.borrow_mut();
        g.push(1u32);
        YieldNow(false).await;
        g.push(2);
        l.borrow_mut().push(format!("scratch {:?}", *g));
    });

    ex.run();
    println!("{:?}", log.borrow());
}
