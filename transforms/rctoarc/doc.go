// Package rctoarc implements the rc-to-arc transform: an Rc (or rc::Weak,
// or a RefCell or Cell shared through one) whose value reaches a task on
// another thread becomes its thread-safe counterpart, everywhere that
// value's type is written in the package.
//
// The pass is crate-wide: the value that breaks the build is usually
// declared in another module than the tokio::spawn that rejects it. It
// uses the typeflow analysis to find the values that flow into a
// Send-requiring spawn (captured by the spawned async block or closure,
// passed to an async fn whose future is spawned, held across an .await of
// a future that must be Send) and every type, constructor and call that
// shares their type: Rc<T> → Arc<T>, Rc::new/clone/downgrade/strong_count
// → Arc::…, rc::Weak → sync::Weak, type aliases, struct fields, fn
// signatures and the `use` trees. Under an Arc a RefCell becomes a
// std::sync::Mutex (.borrow()/.borrow_mut() → .lock().unwrap()) and a
// Cell of an integer the matching atomic (a Mutex otherwise). A borrow
// that was held across an .await becomes a guard held across it: the
// engine's next round hands it to scope-guard (or async-mutex).
//
// An Rc that crosses no Send boundary (spawn_local, a LocalSet, a value
// confined to a block that ends before the await, a sync helper) is left
// alone, without a finding.
package rctoarc

const doc = `rc-to-arc: make an Rc that reaches another thread an Arc (RefCell → Mutex)

tokio::spawn, std::thread::spawn, JoinSet::spawn, Handle::spawn and
spawn_blocking need a Send future or closure (and a rayon parallel
iterator's closures, as in v.par_iter().map(|x| ..), a Send + Sync one,
which its threads call at once). An Rc is never Send: captured
by the spawned task, passed to an async fn whose future is spawned, or held
across an .await of such a future, it stops the build with "future cannot
be sent between threads safely". sendfix follows that value through the
package (variables, struct fields, type aliases, fn parameters, other
modules) and switches its type, and only its type, to the thread-safe one.

Before:
    use std::cell::RefCell;
    use std::rc::Rc;

    type Cache = Rc<RefCell<HashMap<String, u32>>>;

    async fn record(cache: Cache, key: String) {
        cache.borrow_mut().insert(key, 1);
        tokio::task::yield_now().await;
    }

    let cache: Cache = Rc::new(RefCell::new(HashMap::new()));
    tokio::spawn(record(Rc::clone(&cache), "a".into()));

After:
    use std::sync::{Arc, Mutex};

    type Cache = Arc<Mutex<HashMap<String, u32>>>;

    async fn record(cache: Cache, key: String) {
        cache.lock().unwrap().insert(key, 1);
        tokio::task::yield_now().await;
    }

    let cache: Cache = Arc::new(Mutex::new(HashMap::new()));
    tokio::spawn(record(Arc::clone(&cache), "a".into()));

rc::Weak becomes sync::Weak; a Cell<u64> shared this way becomes an
AtomicU64 (.get() → .load(Ordering::SeqCst), .set(v) → .store(v, ..)),
another Cell a Mutex. A RefCell borrow held across an .await becomes a
MutexGuard held across it, which scope-guard then scopes.

Left alone, without a finding: an Rc given to spawn_local or run on a
LocalSet, an Rc confined to a block that ends before the await, an Rc
used only by sync code. A RefCell method with no Mutex equivalent
(swap, replace_with) is reported as needing a manual fix.`
