// Package asyncmutex implements the async-mutex transform: when a
// std::sync (or parking_lot) Mutex or RwLock guard is still used after an
// .await in a future that must be Send, scoping the guard cannot help; the
// lock must become async-aware. The pass resolves the one mutex behind the
// guard's lock call, across every file of the Cargo package (a struct
// field, a local, a fn parameter, a static or a type alias, following the
// value through clones, calls and struct literals), and switches that
// mutex, and only that one, to tokio::sync::Mutex (or RwLock):
//
//   - its declared types and its constructors (`Mutex::new`); a static
//     with a const initializer is wrapped in std::sync::LazyLock, since
//     tokio's Mutex::new is not const;
//   - every lock site of that mutex in the package: `.lock().unwrap()` /
//     `.expect(..)` / `?` become `.lock().await` (`.read()`, `.write()`
//     likewise); `if let Ok(g) = m.lock() {..}` and `match m.lock()` keep
//     only their Ok path; `.into_inner()` and `.get_mut()` lose their
//     unwrap; `try_lock` stays (tokio has it), but a mutex whose
//     try_lock guard is itself held across an await is not switched
//     (waiting with the lock, it would make the other tasks' try_lock
//     fail): copying the value out is the fix there;
//   - a lock site in a non-async fn makes that fn async, with `.await` at
//     its calls, when every caller in the package is async (transitively,
//     to depth 3); otherwise the pass refuses and names the sync caller.
//     It never emits blocking_lock(), which panics on a runtime thread;
//   - the `use` trees: where a file needs no std Mutex any more,
//     `use std::sync::{Arc, Mutex};` becomes `use std::sync::Arc;` +
//     `use tokio::sync::Mutex;`; where it still does, the changed places
//     name tokio::sync::Mutex by path;
//   - Cargo.toml: tokio's `sync` feature is added when neither it nor
//     `full` is enabled.
//
// All of it is one fix, applied whole or not at all. Where the mutex
// cannot be resolved without doubt (two structs with the same field, a
// receiver of unknown type, a mutex handed to code the pass cannot follow,
// a sync caller, no tokio dependency), the finding says why and nothing
// changes.
package asyncmutex

const doc = `async-mutex: switch the one mutex whose guard is used after an .await to tokio::sync

A std::sync::MutexGuard (or RwLock guard, or parking_lot guard) is not Send.
When it is still used after an .await, ending its scope earlier (scope-guard)
would change what the code does: the lock has to stay held across the await,
so the mutex must be async-aware. sendfix changes that mutex, its
constructors, every place that locks it (in every file of the package) and
the use trees, and adds tokio's "sync" feature to Cargo.toml if needed.
Other mutexes keep std::sync.

Before:
    use std::sync::Mutex;

    struct Pool {
        idle: Mutex<Vec<Conn>>,
        stats: Mutex<Stats>, // never held across an await
    }

    impl Pool {
        async fn checkout(&self) -> Conn {
            let mut idle = self.idle.lock().unwrap();
            if idle.is_empty() {
                idle.push(Conn::open().await);
            }
            self.stats.lock().unwrap().checkouts += 1;
            idle.pop().unwrap()
        }
    }

After:
    use std::sync::Mutex;

    struct Pool {
        idle: tokio::sync::Mutex<Vec<Conn>>,
        stats: Mutex<Stats>, // never held across an await
    }

    impl Pool {
        async fn checkout(&self) -> Conn {
            let mut idle = self.idle.lock().await;
            if idle.is_empty() {
                idle.push(Conn::open().await);
            }
            self.stats.lock().unwrap().checkouts += 1;
            idle.pop().unwrap()
        }
    }

When no std Mutex is left in a file, the import moves instead:
    use std::sync::{Arc, Mutex};   becomes   use std::sync::Arc;
                                             use tokio::sync::Mutex;

if let Ok(g) = m.lock() { .. } and match m.lock() { Ok(g) => .., Err(..) => .. }
keep their Ok path (a tokio mutex is never poisoned). A lock site in a sync
fn makes that fn async when all its callers are async (adding .await at each
call); otherwise the finding names the sync caller. The pass refuses, with
the reason, when it cannot tell which mutex a lock call locks, or when tokio
is not a dependency of the package.`
