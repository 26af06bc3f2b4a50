// Package sendbound implements the send-bound transform: a trait object,
// a boxed future, an `impl Future` of a trait method or a generic
// parameter whose values reach a task on another thread gets the `+ Send`
// (and, where the value is shared, `+ Sync`) bound it needs.
//
// The pass is crate-wide and uses the typeflow analysis: a Box<dyn Error>
// held across an .await of a future that must be Send, or returned by a
// spawned task, becomes Box<dyn Error + Send + Sync> in every signature,
// local and alias its values flow through (including through `?`, which
// cannot convert one into the other); a Box<dyn Trait> or Vec<Box<dyn
// Fn(..)>> field of a struct a spawned task moves gets `+ Send`, and
// `+ Send + Sync` when the struct is shared through an Arc or a reference;
// the generic parameters that are stored in such fields (`F: Fn(..) +
// 'static`) get the same bounds; Pin<Box<dyn Future<Output = T>>> and its
// aliases get `+ Send`; LocalBoxFuture becomes BoxFuture and
// .boxed_local() .boxed(); a trait method returning `impl Future` (or
// declared `async fn`) that a spawned task awaits through a generic gets
// `+ Send`; a trait declared #[async_trait(?Send)] whose futures a spawned
// task awaits loses `(?Send)`, on the declaration and on its impls.
//
// The pass only ever adds Send requirements; it never "fixes" a future by
// moving it to spawn_local, by `?Send`, or by `unsafe impl Send`.
package sendbound

const doc = `send-bound: add + Send (+ Sync) to trait objects and futures that reach another thread

A Box<dyn Trait>, Box<dyn Error>, Pin<Box<dyn Future>> or a trait method's
impl Future is not known to be Send unless its type says so. Held across an
.await of a spawned future, moved into a spawned task or returned by one,
it stops the build with "future cannot be sent between threads safely" or
"dyn Error cannot be sent between threads safely". sendfix follows the
value through the package and adds the bound to every type it flows
through: signatures, fields, aliases and the generic bounds of the
functions that store it.

Before:
    pub type Result<T> = std::result::Result<T, Box<dyn Error>>;
    pub type Hook = Box<dyn Fn(&str) -> String>;

    struct Registry { plugins: Vec<Box<dyn Plugin>>, hooks: Vec<Hook> }

    impl Registry {
        fn on_output<F>(&mut self, hook: F) where F: Fn(&str) -> String + 'static {
            self.hooks.push(Box::new(hook));
        }
    }

    let registry = Arc::new(registry);
    tokio::spawn(async move { registry.run("x").await });

After:
    pub type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;
    pub type Hook = Box<dyn Fn(&str) -> String + Send + Sync>;

    struct Registry { plugins: Vec<Box<dyn Plugin + Send + Sync>>, hooks: Vec<Hook> }

    impl Registry {
        fn on_output<F>(&mut self, hook: F) where F: Fn(&str) -> String + Send + Sync + 'static {
            self.hooks.push(Box::new(hook));
        }
    }

Pin<Box<dyn Future<Output = T>>> (and aliases of it) gets + Send,
LocalBoxFuture becomes BoxFuture (.boxed_local() → .boxed()), and a trait
method "fn f(&self) -> impl Future<Output = T>" awaited by a spawned task
through a generic becomes "-> impl Future<Output = T> + Send" (an
"async fn" in the trait is rewritten to that form).

An async fn whose body spawns a task that awaits the fn itself cannot be
proved Send from inside its own definition ("cannot satisfy 'impl
Future<Output = ()>: Send'"): it becomes a fn returning
"impl Future<Output = T> + Send" whose body is an async move block, with
any parameter the body does not name moved in by "let x = x;" so that it
still lives until the future ends.

A generic parameter or argument-position impl Trait gets the bounds too
when its values are captured by a closure, or sit in a struct, that is
boxed into a trait object the pass makes Send; when the future its fn
returns as "impl Future + Send" captures them; and, for a generic
parameter of an #[async_trait] method held by its own future, in the
impl and in the trait's declaration. A cast to a trait object ("as
Box<dyn Handler>") changes with the other places of its type. A called
fn's where clause on an associated type ("S::Future: Send") makes the
type a package impl gives it ("type Future = Pin<Box<dyn Future<..>>>;")
Send.

Trait objects that are already Send (written bounds or Send supertraits)
are left alone. The pass never removes a Send requirement.`
