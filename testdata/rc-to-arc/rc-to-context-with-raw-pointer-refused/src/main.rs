// nativeshell#174 shape: a callback posted from a worker thread captures a
// rc::Weak to a context that owns a raw platform handle. Arc and Mutex
// would not make that context Send (the raw pointer stays), so nothing is
// converted: reported, with what to do instead.
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::mpsc;
use std::thread;

struct ContextImpl {
    log: RefCell<Vec<u32>>,
    _native_window: *mut std::ffi::c_void,
}

struct Channels {
    context: Weak<ContextImpl>,
}

fn main() {
    let ctx = Rc::new(ContextImpl { log: RefCell::new(Vec::new()), _native_window: std::ptr::null_mut() });
    let channels = Channels { context: Rc::downgrade(&ctx) };
    let (sender, run_loop) = mpsc::channel::<Box<dyn FnOnce() + Send>>();
    thread::spawn(move || {
        sender.send(Box::new(move || channels.context.upgrade().unwrap().log.borrow_mut().push(7))).unwrap();
    })
    .join()
    .unwrap();
    for cb in run_loop.try_iter() {
        cb();
    }
    println!("{:?}", ctx.log.borrow());
}
