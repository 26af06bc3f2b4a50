// Values that are not Send because of a raw pointer, held across awaits in
// spawned tasks, that exist for what their drop does: a profiler zone
// bound to `_zone` (rust_tracy_client#2), an FFI link that detaches when
// dropped (libbpf-rs#546, a NonNull), and a scratch buffer used only before
// the await, whose type has no Drop: only the buffer is scoped. A comment
// that names `unsafe impl Send for Link {}` vouches for nothing.
use std::ptr::NonNull;

struct Zone {
    ctx: *mut u32,
}

impl Zone {
    fn new(id: u32) -> Zone {
        Zone { ctx: Box::into_raw(Box::new(id)) }
    }
}

impl Drop for Zone {
    fn drop(&mut self) {
        let id = unsafe { Box::from_raw(self.ctx) };
        println!("zone {id} ends");
    }
}

struct BpfLink {
    ifindex: i32,
}

// The maintainers' answer was `unsafe impl Send for Link {}` in the library.
struct Link {
    ptr: NonNull<BpfLink>,
}

impl Link {
    fn attach(ifindex: i32) -> Link {
        Link { ptr: NonNull::new(Box::into_raw(Box::new(BpfLink { ifindex }))).unwrap() }
    }
    fn ifindex(&self) -> i32 {
        unsafe { self.ptr.as_ref() }.ifindex
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        println!("detached");
    }
}

struct Scratch {
    words: *mut u64,
}

impl Scratch {
    fn sum(&self) -> u64 {
        unsafe { *self.words }
    }
}

async fn step(n: u32) -> u32 {
    let _zone = Zone::new(n);
    tokio::task::yield_now().await;
    n + 1
}

async fn watch(ifindex: i32) -> i32 {
    let link = Link::attach(ifindex);
    let at = link.ifindex();
    tokio::task::yield_now().await;
    at
}

async fn total(v: &mut u64) -> u64 {
    let sum = {
        let scratch = Scratch { words: v as *mut u64 };
        scratch.sum()
    };
    tokio::task::yield_now().await;
    sum
}

#[tokio::main]
async fn main() {
    println!("{}", tokio::spawn(step(1)).await.unwrap());
    println!("{}", tokio::spawn(watch(2)).await.unwrap());
    println!("{}", tokio::spawn(async { total(&mut 7).await }).await.unwrap());
}
