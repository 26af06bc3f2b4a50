// Package scopeguard implements the scope-guard transform: a std::sync or
// parking_lot lock guard, or a RefCell borrow, that is alive across an
// .await in a future that must be Send, but is not used after that await,
// gets its scope ended before the await.
//
// A guard bound by `let` is scoped by wrapping the statements from the
// binding to its last use in a block; values computed there and used
// later leave the block as its value. A guard that is a temporary of an
// awaiting statement (or of an `if let` / `match` / `while let`
// scrutinee) lives to the end of that statement; the value taken from it
// is computed by a `let` before the statement instead. Guards that are
// still used after the await are reported, without an edit: they need an
// async-aware mutex.
package scopeguard

const doc = `scope-guard: end a lock guard's or RefCell borrow's scope before an .await

A std::sync::MutexGuard, RwLock guard, parking_lot guard or RefCell Ref/RefMut
is not Send. Held across an .await, it makes the whole future !Send, and
tokio::spawn rejects it with "future cannot be sent between threads safely".
When the guard is not used after the await, sendfix ends its scope before it.
drop(guard) is not enough for rustc: the block is.

Before:
    tokio::spawn(async move {
        let mut guard = data.lock().unwrap();
        *guard += 1;
        let now = *guard;
        some_async_function().await;
        println!("{now}");
    });

After:
    tokio::spawn(async move {
        let now = {
            let mut guard = data.lock().unwrap();
            *guard += 1;
            *guard
        };
        some_async_function().await;
        println!("{now}");
    });

A temporary guard in an awaiting statement is hoisted into a let:
    tx.send(state.lock().unwrap().clone()).await?;
becomes
    let state_snapshot = state.lock().unwrap().clone();
    tx.send(state_snapshot).await?;

An awaiting if or match that reads the guard first is split: the condition
(or scrutinee), the branches without an await and what an awaiting branch
does before its await run in the guard's block; the rest after it:
    let map = self.map.lock().unwrap();
    if let Some(v) = map.get(&k) { v.clone() } else { drop(map); fetch(k).await }
becomes
    let finished = {
        let map = self.map.lock().unwrap();
        if let Some(v) = map.get(&k) { Some(v.clone()) } else { None }
    };
    if let Some(value) = finished { value } else { fetch(k).await }
and a match on an element looked up through a temporary guard
(match cache.lock().unwrap().get(&key) { .. }) matches on a clone taken
before it, when the element's type is known to clone as a copy.

The block of a select! arm (pat = fut => { .. }) runs in the caller's
future, and join! polls its futures there: both are read as code, and a
guard held across an await in them is scoped the same way.

rand's ThreadRng is scoped the same way; used after the await, it becomes a
StdRng seeded from it (Send):
    let mut rng = rand::thread_rng();
becomes
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::from_rng(rand::thread_rng()).unwrap();

tracing's EnteredSpan is not scoped (the events after the await would
leave the span): the rest of the async body runs instrumented with it:
    let _s = span.entered();
    send(&req).await?;
    Ok(())
becomes
    tracing::Instrument::instrument(
        async move {
            send(&req).await?;
            Ok(())
        },
        span,
    )
    .await

A loop over a std mpsc Receiver whose body awaits holds an Iter, which
borrows the Receiver (not Sync) across the await:
    for ev in rx.iter() {        (or &rx; rx.try_iter() with try_recv)
becomes the same loop with each borrow ending in its call:
    while let Ok(ev) = rx.recv() {

A guard still used after the await is reported as needing an async-aware
mutex (see the async-mutex transform); futures that need not be Send
(#[tokio::main] bodies, spawn_local, block_on) are left alone unless --all.`
