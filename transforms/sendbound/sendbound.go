package sendbound

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
	tf "sendfix/transforms/internal/typeflow"
)

// Transform is the send-bound pass.
var Transform = &rewrite.Transform{
	Name:       "send-bound",
	Doc:        doc,
	RunPackage: run,
	Gate:       mayApply,
}

// mayApply is a cheap test on the package's bytes: something the pass
// can change (a trait object, a LocalBoxFuture, a trait's `-> impl` or
// `async fn` method, a generic parameter or an argument-position `impl`),
// and something that requires Send.
func mayApply(srcs [][]byte) bool {
	object, boundary := false, false
	for _, s := range srcs {
		if !object && (bytes.Contains(s, []byte("dyn ")) || bytes.Contains(s, []byte("LocalBoxFuture")) ||
			bytes.Contains(s, []byte("boxed_local")) || ast.ContainsWord(s, "impl") || genericFn(s) || asyncFnCalledAfter(s)) {
			object = true
		}
		if !boundary && (tf.SendBoundary(s) || staticObject(s)) {
			boundary = true
		}
		if object && boundary {
			return true
		}
	}
	return false
}

// staticObject reports whether src declares a static whose written type
// holds a trait object (`static REGISTRY: Mutex<Vec<Box<dyn License>>>`):
// every thread may read a static, so its type must be Sync. A line's test,
// since libraries are full of statics that hold no object.
func staticObject(src []byte) bool {
	for rest := src; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		t := bytes.TrimLeft(line, " \t")
		for _, p := range [][]byte{[]byte("pub(crate) "), []byte("pub ")} {
			t = bytes.TrimPrefix(t, p)
		}
		if bytes.HasPrefix(t, []byte("static ")) && bytes.Contains(t, []byte("dyn ")) {
			return true
		}
	}
	return false
}

// asyncFnCalledAfter reports whether src may declare an async fn that
// calls itself (see selfSpawning): `async fn name` with `name(` later on.
func asyncFnCalledAfter(src []byte) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("async fn "))
		if j < 0 {
			return false
		}
		k := i + j + len("async fn ")
		e := k
		for e < len(src) && ast.IdentByte(src[e]) {
			e++
		}
		if e > k {
			call := append(src[k:e:e], '(')
			for rest := src[e:]; ; {
				m := bytes.Index(rest, call)
				if m < 0 {
					break
				}
				if m == 0 || !ast.IdentByte(rest[m-1]) {
					return true
				}
				rest = rest[m+len(call):]
			}
		}
		i = e
	}
}

// genericFn reports whether src may declare a generic fn (`fn name<`),
// whose parameters' bounds the pass may extend. (Generic impls, structs
// and argument-position `impl Trait` all hold the word impl.)
func genericFn(src []byte) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("fn "))
		if j < 0 {
			return false
		}
		k := i + j + len("fn ")
		for k < len(src) && ast.IdentByte(src[k]) {
			k++
		}
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n') {
			k++
		}
		if k < len(src) && src[k] == '<' {
			return true
		}
		i = k
	}
}

func run(pkg *rewrite.Package) []rewrite.Finding {
	if tf.TooLarge(pkg.Files) {
		return nil
	}
	a := tf.Shared(pkg)
	b := &bounds{a: a, files: map[*tf.File]*fileEdits{}, edited: map[*tf.Occ]bool{}}
	occs := a.Occurrences()
	for _, o := range occs {
		if o.Kind != tf.OccBounds && o.Kind != tf.OccProj && !argImpl(o) {
			b.consider(o)
		}
	}
	// Generic bounds last: a parameter whose values a spawned task
	// captures or holds (`fn start<T: Display>(t: T) { spawn(async move
	// { .. t .. }) }` needs T: Send), or whose values are stored in a
	// trait object or returned as a future this pass just made Send.
	for _, o := range occs {
		if (o.Kind == tf.OccBounds || argImpl(o)) && (b.feedsEdited(o) || b.reachesTask(o) || b.feedsBound(o) || b.ownReturnBound(o) || b.asyncTraitParam(o)) {
			b.consider(o)
		}
		// Associated types: see projection.
		if o.Kind == tf.OccProj {
			b.consider(o)
		}
	}
	recursive := append(append(selfSpawning(a), rawPointerCaptures(a)...), rawPointersHeld(a)...)
	if len(b.changed) == 0 {
		return append(b.refused, recursive...)
	}
	b.whereEdits()
	b.superEdits()
	return append(append(b.findings(), b.refused...), recursive...)
}

type bounds struct {
	a       *tf.Package
	files   map[*tf.File]*fileEdits
	changed []*tf.Occ
	edited  map[*tf.Occ]bool
	refused []rewrite.Finding // what needs Send but cannot take it here
	// sendTraits are the #[async_trait(?Send)] traits made Send.
	sendTraits map[*tf.TraitItem]bool
	what       map[string]int // "dyn Error" → count, for the message
	adds       int            // the bounds added (Send, Sync), for the message
	order      []string
	// supers are the supertraits to add, by trait (see OccTraitSelf).
	supers     map[*tf.TraitItem]int
	superOrder []*tf.TraitItem
	// where holds the where predicates to add, by item (see projection).
	where      map[*ast.Node]*wherePreds
	whereOrder []*wherePreds
}

type fileEdits struct {
	f     *tf.File
	edits []rewrite.Edit
	plan  *tf.ImportPlan
	// localBox counts the LocalBoxFuture names rewritten, by local name.
	localBox map[string]int
}

func (b *bounds) file(f *tf.File) *fileEdits {
	fe := b.files[f]
	if fe == nil {
		fe = &fileEdits{f: f, plan: f.NewImportPlan(), localBox: map[string]int{}}
		b.files[f] = fe
	}
	return fe
}

func (fe *fileEdits) add(start, end int, text string) {
	fe.edits = append(fe.edits, rewrite.Edit{Path: fe.f.Path, Start: start, End: end, New: text})
}

func (b *bounds) note(what string) {
	if b.what == nil {
		b.what = map[string]int{}
	}
	if b.what[what] == 0 {
		b.order = append(b.order, what)
	}
	b.what[what]++
}

// missing returns the bounds to add for a required level, given what is
// written: "Send", "Sync" or "Send + Sync".
// missing is the free missing, noting what the pass adds for the message.
func (b *bounds) missing(required, bits int) string {
	add := missing(required, bits)
	if strings.Contains(add, "Send") {
		b.adds |= tf.Send
	}
	if strings.Contains(add, "Sync") {
		b.adds |= tf.Sync
	}
	return add
}

func missing(required, bits int) string {
	var add []string
	if required&tf.Send != 0 && bits&tf.Send == 0 {
		add = append(add, "Send")
	}
	if required&tf.Sync != 0 && bits&tf.Sync == 0 {
		add = append(add, "Sync")
	}
	return strings.Join(add, " + ")
}

// knownTraits are the std traits (and futures' Stream, tokio's AsyncRead
// and AsyncWrite) whose objects the pass makes Send: the package's own
// traits are added too. An auto trait can be added to any trait object,
// but an object of another crate's trait is mostly made by that crate.
// Not Iterator: the inference reads an iterator as the items it yields, so
// a `Box<dyn Iterator<Item = T>>` alias would share a class with every
// value of its items (a spawned task's Vec<u32> made a generic T need
// Sync, and the build broke).
var knownTraits = map[string]bool{"Any": true, "Error": true, "Fn": true, "FnMut": true, "FnOnce": true, "Future": true,
	"Stream": true, "Debug": true, "Display": true,
	"Read": true, "Write": true, "BufRead": true, "AsyncRead": true, "AsyncWrite": true, "AsyncBufRead": true}

// argImpl reports whether o is an argument's `impl Trait` (an anonymous
// generic parameter): bounded like one, in the second pass.
func argImpl(o *tf.Occ) bool {
	return o.Kind == tf.OccDyn && o.Node.Kind == "abstract_type"
}

// reachesTask reports whether a generic parameter must be Send because
// the function declaring it moves its values into a task it spawns (a
// closure or async block of its body captures them). Not when the values
// are only held in the future of a generic async fn: whether that future
// is Send is for each caller's T to say (`impl<T: Send> .. {
// make_future::<T>(..) }`).
func (b *bounds) reachesTask(o *tf.Occ) bool {
	_, why := o.Level()
	if why == nil || why.File != o.File {
		return false
	}
	if why.Fn != "" {
		// Held in the future of a generic async fn: the parameter's fn
		// must say Send only when it spawns that future itself
		// (`fn spawn_job(job: impl Job) { tokio::spawn(drive(job)) }`).
		var sp *tf.Spawn
		if why.Owner != nil {
			sp = why.Owner.Spawned
		}
		fn := b.a.FnOf(o.File, o.Node)
		return sp != nil && sp.File == o.File && !strings.Contains(sp.Name, ".") && fn != nil && fn.Body != nil && fn.Body.Contains(sp.Call)
	}
	switch why.Kind {
	case "capture", "spawn", "output":
	default:
		return false
	}
	// A bound on a signature is an API change: only for a spawner known to
	// require Send (`tokio::spawn`, `std::thread::spawn`), not a `.spawn`
	// method of a receiver sendfix cannot type (a LocalExecutor's is not).
	spawner := why.Spawner
	if why.Owner != nil && why.Owner.Spawned != nil {
		spawner = why.Owner.Spawned.Name
	}
	if spawner == "" || strings.Contains(spawner, ".") {
		return false
	}
	fn := b.a.FnOf(o.File, o.Node)
	return fn != nil && fn.Node.Start <= why.At && why.At < fn.Node.End
}

// feedsBound reports whether a generic parameter must be Send because its
// fn gives its values to a package fn whose generic parameter is written
// Send (`fn start<J: Job>(job: J) { run(drive(job)) }` with
// `fn run<F: Future + Send>`): rustc asks the caller's parameter for the
// bound, as for a spawn in its body.
func (b *bounds) feedsBound(o *tf.Occ) bool {
	_, why := o.Level()
	if why == nil || why.Kind != "bound" || why.File == nil {
		return false
	}
	callee := b.a.FnOf(why.File, &ast.Node{Start: why.At, End: why.End})
	fn := b.a.FnOf(o.File, o.Node)
	if callee == nil || fn == nil || fn == callee || fn.Body == nil {
		return false
	}
	// Send written on the callee's parameter itself (not implied by a
	// supertrait, which the caller's own bound may imply as well).
	written := false
	for _, g := range callee.Generics {
		if g.Node.Start == why.At {
			for _, bd := range g.Bounds {
				if ast.ContainsWord(why.File.Src[bd.Start:bd.End], "Send") {
					written = true
				}
			}
		}
	}
	if !written {
		return false
	}
	calls := false
	fn.Body.Walk(func(x *ast.Node) bool {
		if x.Kind == "call_expression" {
			if f := x.Child("function"); f != nil && f.Kind != "field_expression" && lastSegment(ast.Compact(f.Text(o.File.Src))) == callee.Name {
				calls = true
			}
		}
		return !calls
	})
	return calls
}

// ownReturnBound reports whether a generic parameter must be Send because
// its own fn's return type says so: `fn on_event(ctx: &impl Label) -> impl
// Future<Output = String> + Send + '_` returns a future holding ctx, so
// `impl Label` must be Sync.
func (b *bounds) ownReturnBound(o *tf.Occ) bool {
	fn := b.a.FnOf(o.File, o.Node)
	return fn != nil && b.a.ReturnHolds(fn, o)
}

// boundGeneric adds bounds to the generic parameter of o: after its last
// trait bound (its Fn or Future one, if any), before a lifetime.
func (b *bounds) boundGeneric(o *tf.Occ, add string) bool {
	g, src := o.Param, o.File.Src
	fe := b.file(o.File)
	if len(g.Bounds) == 0 {
		name := g.Node.Child("name")
		if name == nil {
			return false
		}
		fe.add(name.End, name.End, ": "+add)
		return true
	}
	tb := g.Bounds[len(g.Bounds)-1]
	for _, x := range g.Bounds {
		if strings.Contains(x.Text(src), "Fn") || strings.Contains(x.Text(src), "Future") {
			tb = x
		}
	}
	var life, send *ast.Node
	for _, c := range tb.NamedChildren() {
		if c.Kind == "lifetime" && life == nil {
			life = c
		}
		if lastSegment(c.Text(src)) == "Send" {
			send = c
		}
	}
	if send != nil && add == "Sync" {
		fe.add(send.End, send.End, " + Sync") // `Send + Sync`, as written together
	} else if life != nil {
		fe.add(life.Start, life.Start, add+" + ")
	} else {
		fe.add(tb.End, tb.End, " + "+add)
	}
	return true
}

// rawPointerCaptures reports the values a closure given to another thread
// (thread::spawn, spawn_blocking, a rayon adapter) captures that hold a
// raw pointer, which no bound makes Send or Sync: only the author can say
// the type may cross threads (`unsafe impl Send`), or keep it on one
// (minimap2-rs#2: an FFI index read by a rayon closure).
func rawPointerCaptures(a *tf.Package) []rewrite.Finding {
	var out []rewrite.Finding
	seen := map[int]bool{}
	for _, sp := range a.Spawns() {
		caps, whys := sp.Captures()
		for i, c := range caps {
			what, d := "Send", ""
			if sp.Level&tf.Sync != 0 {
				what, d = "Send and Sync", a.NeverSync(c)
			}
			if d == "" && sp.Level&tf.Send != 0 {
				d = a.NeverSend(c)
			}
			why := whys[i]
			if d != "a raw pointer" || why == nil || why.File == nil || seen[why.At] {
				continue
			}
			seen[why.At] = true
			out = append(out, rewrite.Finding{
				Path: why.File.Path, Start: why.At, End: why.End,
				Message: fmt.Sprintf("`%s` is captured by the closure given to %s at line %d, which must be %s, but it holds a raw pointer, which never is: cannot fix automatically: if what it points to may be used from other threads, say so on the type that holds it (`unsafe impl Send for T {}`, and `unsafe impl Sync` for a shared borrow); otherwise keep the value on one thread",
					why.Name, sp.Name, sp.File.Line(sp.Call.Start), what),
			})
		}
	}
	return out
}

// rawPointersHeld reports the values a Send future holds across an await
// whose type holds a raw pointer in a struct declared in another file
// (scope-guard, which reads one file, reports those of its own file): an
// FFI handle of a library module used in a spawned task (libbpf-rs#546).
func rawPointersHeld(a *tf.Package) []rewrite.Finding {
	var out []rewrite.Finding
	for _, h := range a.HeldRawPointers() {
		if h.Owner.File == h.Why.File || h.Why.Name == "" {
			continue
		}
		say, ref := h.Why.Describe()
		out = append(out, rewrite.Finding{
			Path: h.Why.File.Path, Start: h.Why.At, End: h.Why.End, Ref: ref,
			Message: fmt.Sprintf("%s, but %s (%s) holds a raw pointer, which is never Send: cannot fix automatically: end its use before the await (take what you need from it first, in a block), or keep the task on one thread (tokio::task::spawn_local in a LocalSet); only if what it points to may be used from another thread, say so on %s (`unsafe impl Send for %s {}`)",
				say, h.Owner.Name, h.Owner.File.Path, h.Owner.Name, h.Owner.Name),
		})
	}
	return out
}

// autoTraitsAfter reports whether text (what follows an object's trait in
// its bounds) is only `+ Send` and `+ Sync`.
func autoTraitsAfter(text []byte) bool {
	rest := strings.TrimSpace(string(text))
	if rest == "" {
		return false
	}
	for _, part := range strings.Split(rest, "+") {
		switch strings.TrimSpace(part) {
		case "", "Send", "Sync", "std::marker::Send", "std::marker::Sync":
		default:
			return false
		}
	}
	return true
}

// toStaticSpawn reports whether o's values must be Send because a task
// that owns them is spawned by a fn that asks 'static of it (tokio::spawn,
// thread::spawn, spawn_blocking; not a scope's or a rayon adapter's).
func toStaticSpawn(o *tf.Occ) bool {
	_, why := o.Level()
	if why == nil {
		return false
	}
	var sp *tf.Spawn
	if why.Owner != nil {
		sp = why.Owner.Spawned
	}
	name := why.Spawner
	if sp != nil {
		name = sp.Name
		if sp.Level&tf.Sync != 0 {
			return false // rayon
		}
	}
	return name != "" && !strings.Contains(name, ".")
}

// boundedByLifetime reports whether g's bounds name a lifetime (`T:
// 'static`, `F: Fn() + 'a`).
func boundedByLifetime(g *tf.GenericParam, src []byte) bool {
	for _, b := range g.Bounds {
		if strings.Contains(b.Text(src), "'") {
			return true
		}
	}
	return false
}

// neverThreadSafe refuses o when it must be Send or Sync, is not written so,
// and a value it holds can never be (a std mpsc Receiver captured by a
// closure given for it, a struct with a raw pointer boxed into it): the
// bound would break the code that makes that value.
func (b *bounds) neverThreadSafe(o *tf.Occ, l int) bool {
	if o.Bounds == nil {
		return false
	}
	switch o.Kind {
	case tf.OccDyn, tf.OccImpl, tf.OccBounds:
	default:
		return false
	}
	needSend := l&tf.Send != 0 && o.Bounds.Bits&tf.Send == 0
	needSync := l&tf.Sync != 0 && o.Bounds.Bits&tf.Sync == 0
	for _, t := range o.Terms() {
		what, d := "Send (it reaches another thread)", ""
		if needSend {
			d = b.a.NeverSend(t)
		}
		if d == "" && needSync {
			what, d = "Sync (shared with another thread)", b.a.NeverSync(t)
		}
		if d != "" {
			b.edited[o] = true // reported once
			b.refused = append(b.refused, rewrite.Finding{
				Path: o.File.Path, Start: o.Node.Start, End: o.Node.End,
				Message: fmt.Sprintf("`%s` must be %s, but cannot fix automatically: a value given for it holds %s, which never is; put that value behind a Mutex (or keep it on its own thread), or keep it out of what crosses threads",
					strings.Join(strings.Fields(o.Node.Text(o.File.Src)), " "), what, d),
			})
			return true
		}
	}
	return false
}

// superEdits writes the supertraits each trait needs (`trait Service:
// Sync`): after its written bounds, or after its name and generics.
func (b *bounds) superEdits() {
	for _, t := range b.superOrder {
		add := b.missing(b.supers[t], 0)
		if add == "" {
			continue
		}
		fe := b.file(t.File)
		if bs := t.Node.Child("bounds"); bs != nil {
			fe.add(bs.End, bs.End, " + "+add)
			continue
		}
		at := t.Node.Child("name")
		if tp := t.Node.Child("type_parameters"); tp != nil {
			at = tp
		}
		if at != nil {
			fe.add(at.End, at.End, ": "+add)
		}
	}
}

// asyncTraitParam reports whether o is a generic parameter of an
// #[async_trait] method whose future holds its values: async_trait boxes
// the body as a `dyn Future + Send`, so the parameter must be Send.
func (b *bounds) asyncTraitParam(o *tf.Occ) bool {
	if o.Kind != tf.OccBounds || o.Param == nil {
		return false
	}
	_, why := o.Level()
	if why == nil {
		return false
	}
	// Required because the method's own future holds the values: a
	// generic of the method, or of its trait (a default method's body,
	// `trait Step<S>`), when no impl of the trait in the package is
	// generic itself (it would need the bound too).
	for _, fn := range b.a.Fns() {
		if fn.AsyncTrait != "Send" || fn.Body == nil || why.Fn != fn.Name || why.File != fn.File || why.At < fn.Node.Start || fn.Node.End <= why.At {
			continue
		}
		if fn.Node.Contains(o.Param.Node) {
			return true
		}
		if fn.Trait != nil && fn.Trait.Node.Contains(o.Param.Node) && !b.genericImpls(fn.Trait) {
			return true
		}
	}
	return false
}

// genericImpls reports whether an impl of the package trait t has type
// parameters of its own.
func (b *bounds) genericImpls(t *tf.TraitItem) bool {
	for _, fn := range b.a.Fns() {
		if fn.Impl != nil && fn.Impl.TraitOf == t && len(fn.Impl.Generics) > 0 {
			return true
		}
	}
	return false
}

// asyncTraitTwin returns, for a generic parameter of an impl's
// #[async_trait] method, the same parameter of the trait's declaration
// of the method, or nil.
func (b *bounds) asyncTraitTwin(o *tf.Occ) *tf.Occ {
	fn := b.a.FnOf(o.File, o.Node)
	if fn == nil || fn.Impl == nil || fn.Impl.TraitOf == nil || o.Param == nil {
		return nil
	}
	decl := fn.Impl.TraitOf.Methods[fn.Name]
	if decl == nil {
		return nil
	}
	for _, x := range b.a.Occurrences() {
		if x.Kind == tf.OccBounds && x.Param != nil && x.Param.Name == o.Param.Name && x.File == decl.File && decl.Node.Contains(x.Param.Node) {
			return x
		}
	}
	return nil
}

// lastSegment is a path's last `::` segment, without turbofish.
func lastSegment(path string) string {
	if i := strings.Index(path, "::<"); i >= 0 {
		path = path[:i]
	}
	if i := strings.LastIndex(path, "::"); i >= 0 {
		path = path[i+2:]
	}
	return path
}

// feedsEdited reports whether a generic parameter's values end up in a
// trait object or future the pass makes Send, themselves or held by a
// value that does: captured by a closure (`Box::new(move |x|
// Box::pin(f(x)))` boxed into the `dyn Fn` made Send + Sync: F must be
// too), or in a struct's field (`Box::new(FnObs(f))` into a `dyn Obs`).
func (b *bounds) feedsEdited(o *tf.Occ) bool {
	for _, t := range o.Terms() {
		for _, x := range t.Occs() {
			if b.edited[x] {
				return true
			}
		}
	}
	for x := range b.edited {
		for _, xt := range x.Terms() {
			for _, t := range o.Terms() {
				if b.a.Holds(xt, t) {
					return true
				}
			}
		}
	}
	return false
}

// frozenClass reports whether o, or a type it must stay equal to, is
// written where the pass may not change it: then changing o alone would
// not compile.
func (b *bounds) frozenClass(o *tf.Occ) bool {
	if b.a.Frozen(o) {
		return true
	}
	if o.Kind != tf.OccDyn {
		return false
	}
	for _, t := range o.Terms() {
		for _, x := range t.Occs() {
			if x != o && x.Kind == tf.OccDyn && b.a.Frozen(x) {
				return true
			}
		}
	}
	return false
}

func (b *bounds) consider(o *tf.Occ) {
	l, _ := o.Level()
	if l == tf.None || b.edited[o] {
		return // not required, or changed already as another's twin
	}
	n0 := len(b.changed)
	defer func() {
		if len(b.changed) > n0 {
			b.edited[o] = true
		}
	}()
	if (o.Kind == tf.OccDyn || o.Kind == tf.OccImpl) && b.frozenClass(o) {
		return
	}
	if b.neverThreadSafe(o, l) {
		return
	}
	src := o.File.Src
	switch o.Kind {
	case tf.OccDyn:
		info := o.Bounds
		if !knownTraits[info.Trait] && b.a.TraitAt(o.File, o.Node, info.Trait) == nil {
			return // dyn Iterator, a trait of another crate: not ours to change
		}
		required := l
		if info.Trait == "Error" && info.Bits == tf.None {
			required = tf.SendSync // Box<dyn Error + Send + Sync>: the conventional, `?`-friendly one
		}
		add := b.missing(required, info.Bits)
		if add == "" {
			return
		}
		// A trait method's signature is one text for the declaration and
		// every impl: all of them change, or none.
		twins, ok := b.a.SignatureTwins(o)
		if !ok {
			b.refused = append(b.refused, rewrite.Finding{
				Path: o.File.Path, Start: o.Node.Start, End: o.Node.End,
				Message: fmt.Sprintf("`%s` must be %s (a task on another thread holds it), but cannot fix automatically: it is written in a trait method's signature, which the trait's declaration and its impls write differently; add `+ %s` to each",
					strings.Join(strings.Fields(o.Node.Text(src)), " "), strings.ReplaceAll(add, " + ", " and "), add),
			})
			return
		}
		for _, x := range twins {
			if b.a.Frozen(x) {
				return
			}
		}
		for _, x := range append([]*tf.Occ{o}, twins...) {
			if b.edited[x] {
				continue
			}
			b.edited[x] = true
			fe := b.file(x.File)
			n := x.Node
			add := add
			written := n
			if x.Bounds != nil && x.Bounds.Outer != nil {
				written = x.Bounds.Outer // `impl Fn() + 'static`: the bounds around it
			}
			if n.Kind == "abstract_type" && toStaticSpawn(x) && !strings.Contains(written.Text(x.File.Src), "'") {
				add += " + 'static" // a task owns it: E0310 otherwise
			}
			at := n.End
			if o := written; o != n && autoTraitsAfter(x.File.Src[n.End:o.End]) {
				at = o.End // `dyn Error + Send` → `dyn Error + Send + Sync`
			}
			if p := n.Parent; p != nil && (p.Kind == "reference_type" || p.Kind == "pointer_type") {
				// `&dyn Trait` needs parentheses: `&(dyn Trait + Send)`.
				fe.add(n.Start, n.Start, "(")
				fe.add(n.End, n.End, " + "+add+")")
			} else {
				fe.add(at, at, " + "+add)
			}
			b.changed = append(b.changed, x)
			if x.Node.Kind == "abstract_type" {
				b.note("impl " + info.Trait + " argument")
			} else {
				b.note("dyn " + info.Trait)
			}
		}
	case tf.OccImpl:
		// A fn's `-> impl Future` lets callers see whether the future is
		// Send (auto traits leak): only a trait's declaration hides it, and
		// only there does `+ Send` change anything. An impl of the trait
		// keeps its own signature.
		if fn := b.a.FnOf(o.File, o.Node); fn == nil || fn.Trait == nil {
			return
		}
		if o.Bounds.Trait != "Future" {
			return // impl Iterator and the like: outside this pass
		}
		add := b.missing(tf.Send, o.Bounds.Bits)
		if add == "" {
			return
		}
		fe := b.file(o.File)
		fe.add(o.Node.End, o.Node.End, " + "+add)
		b.changed = append(b.changed, o)
		b.note("impl " + o.Bounds.Trait)
	case tf.OccTraitSelf:
		add := b.missing(l, o.Bounds.Bits)
		if add == "" || o.Trait == nil {
			return
		}
		if b.supers == nil {
			b.supers = map[*tf.TraitItem]int{}
		}
		if _, seen := b.supers[o.Trait]; !seen {
			b.superOrder = append(b.superOrder, o.Trait)
		}
		b.supers[o.Trait] |= l &^ o.Bounds.Bits
		b.changed = append(b.changed, o)
		b.note("trait " + o.Trait.Name + ": " + add)
	case tf.OccBounds:
		g := o.Param
		add := b.missing(l, o.Bounds.Bits)
		if add == "" || g == nil {
			return
		}
		if toStaticSpawn(o) && !boundedByLifetime(g, src) {
			add += " + 'static" // a task owns its value: E0310 otherwise
		}
		if !b.boundGeneric(o, add) {
			return
		}
		// An #[async_trait] method's generic: the trait's declaration of
		// the method must say it too (an impl may not ask more, E0276).
		if twin := b.asyncTraitTwin(o); twin != nil && twin.Param != nil && !b.edited[twin] && missing(l, twin.Bounds.Bits) != "" {
			b.boundGeneric(twin, b.missing(l, twin.Bounds.Bits))
			b.edited[twin] = true
		}
		b.changed = append(b.changed, o)
		b.note("generic " + g.Name)
	case tf.OccLocalBox:
		fe := b.file(o.File)
		n := o.Node
		t := n.Text(src)
		if i := strings.LastIndex(t, "LocalBoxFuture"); i >= 0 {
			fe.add(n.Start+i, n.Start+i+len("LocalBoxFuture"), "BoxFuture")
		}
		if !strings.Contains(t, "::") {
			fe.localBox[t]++
		}
		b.changed = append(b.changed, o)
		b.note("LocalBoxFuture")
	case tf.OccBoxedLocal:
		fn := o.Node.Child("function")
		if fn == nil || fn.Child("field") == nil {
			return
		}
		f := fn.Child("field")
		fe := b.file(o.File)
		fe.add(f.Start, f.End, "boxed")
		b.changed = append(b.changed, o)
		b.note("boxed_local()")
	case tf.OccAsyncTrait:
		if b.spawnedConcrete(o) {
			return
		}
		b.asyncTraitFn(o)
	case tf.OccLocalAsyncTrait:
		b.sendAsyncTrait(o)
	case tf.OccProj:
		b.projection(o, l)
	}
}

// localAsyncTrait is the attribute argument that makes async-trait box
// futures without Send.
var localAsyncTrait = regexp.MustCompile(`async_trait\s*(\(\s*\?\s*Send\s*\))`)

// sendAsyncTrait drops `(?Send)` from the #[async_trait(?Send)] of the
// trait declaring o, and of every impl of it in the package (an impl's
// boxed future type must be the declaration's).
func (b *bounds) sendAsyncTrait(o *tf.Occ) {
	fn := b.a.FnOf(o.File, o.Node)
	if fn == nil || fn.Trait == nil || b.sendTraits[fn.Trait] {
		return
	}
	if b.sendTraits == nil {
		b.sendTraits = map[*tf.TraitItem]bool{}
	}
	b.sendTraits[fn.Trait] = true
	dropArg := func(f *tf.File, item *ast.Node) bool {
		for _, attr := range ast.AttributeNodes(item) {
			if m := localAsyncTrait.FindSubmatchIndex(f.Src[attr.Start:attr.End]); m != nil {
				b.file(f).add(attr.Start+m[2], attr.Start+m[3], "")
				return true
			}
		}
		return false
	}
	if !dropArg(fn.Trait.File, fn.Trait.Node) {
		return
	}
	seen := map[*tf.ImplItem]bool{}
	for _, m := range b.a.Fns() {
		if im := m.Impl; im != nil && im.TraitOf == fn.Trait && im.AsyncTrait == "?Send" && !seen[im] {
			seen[im] = true
			dropArg(im.File, im.Node)
		}
	}
	b.changed = append(b.changed, o)
	b.note("#[async_trait(?Send)] " + fn.Trait.Name)
}

// asyncTraitFn rewrites `async fn f(..) -> T;` of a trait into
// `fn f(..) -> impl Future<Output = T> + Send;`.
// spawnedConcrete reports whether the future that needs a trait's async
// fn future Send is an async block spawned in a fn without generic
// parameters, or a generic async fn's (`async fn ingest<S: Source>`)
// spawned only from such fns (main spawning
// `ingest(Fixed(41))`): there rustc checks the future of the concrete
// impl, which is Send or not by itself, and the trait's declaration needs
// no bound. Spawned where the type is still a generic parameter, the
// declaration must promise Send.
func (b *bounds) spawnedConcrete(o *tf.Occ) bool {
	_, why := o.Level()
	if why == nil {
		return false
	}
	if why.Fn == "" {
		// Awaited in a spawned block: in a fn without generics every
		// receiver has a concrete type (a trait with an async fn has no
		// trait objects), whose impl's future rustc checks.
		if why.Owner == nil || why.Owner.Spawned == nil {
			return false
		}
		if fs := b.fnsHolding(why.Owner.Spawned); len(fs) > 0 {
			return len(fs[0].Generics) == 0
		}
		return false
	}
	generic, found := false, false
	for _, fn := range b.a.Fns() {
		if fn.Name != why.Fn || fn.File != why.File {
			continue
		}
		found = true
		// A trait's default method is generic over Self, and an argument's
		// `impl Trait` is a generic parameter.
		if len(fn.Generics) > 0 || fn.Trait != nil || implArg(fn) {
			generic = true
		}
	}
	if !found {
		return false
	}
	if !generic {
		// Awaited in a fn without generics: on a concrete receiver, whose
		// impl's future rustc checks by itself.
		return true
	}
	// The generic fns that reach it through calls (`drive<L>` calling
	// `Cache<L>::get`) are generic the same way: their spawns decide too.
	names := map[string]bool{why.Fn: true}
	for grew := true; grew; {
		grew = false
		for _, fn := range b.a.Fns() {
			if names[fn.Name] || fn.Body == nil || len(fn.Generics) == 0 && fn.Trait == nil {
				continue
			}
			if callsAny(fn.Body, names, fn.File.Src) {
				names[fn.Name], grew = true, true
			}
		}
	}
	// Every spawn that calls one, directly (`spawn(serve(&Echo))`) or in
	// the spawned block (`spawn(async move { serve(&*h).await })`), must
	// sit in a fn without generics.
	found = false
	for _, sp := range b.a.Spawns() {
		args := sp.Call.Child("arguments")
		if args == nil || len(args.NamedChildren()) == 0 {
			continue
		}
		if !callsAny(args.NamedChildren()[0], names, sp.File.Src) {
			continue
		}
		found = true
		for _, fn := range b.fnsHolding(sp) {
			if len(fn.Generics) > 0 {
				return false // spawned where its parameters are still generic
			}
		}
	}
	return found
}

// implArg reports whether one of fn's parameters is written with an
// argument-position `impl Trait`.
func implArg(fn *tf.FnItem) bool {
	for _, prm := range fn.Params {
		if t := prm.Child("type"); t != nil && ast.ContainsWord(fn.File.Src[t.Start:t.End], "impl") {
			return true
		}
	}
	return false
}

// callsAny reports whether n calls a fn or method with one of the names,
// in one walk.
func callsAny(n *ast.Node, names map[string]bool, src []byte) bool {
	found := false
	n.Walk(func(x *ast.Node) bool {
		if x.Kind == "call_expression" {
			if f := x.Child("function"); f != nil && f.Kind == "field_expression" {
				found = found || f.Child("field") != nil && names[f.Child("field").Text(src)]
			} else {
				found = found || names[lastSegment(ast.CalleePath(x, src))]
			}
		}
		return !found
	})
	return found
}

// fnsHolding returns the fns whose body holds the spawn call, in the
// package's order.
func (b *bounds) fnsHolding(sp *tf.Spawn) []*tf.FnItem {
	var out []*tf.FnItem
	for _, fn := range b.a.Fns() {
		if fn.File == sp.File && fn.Body != nil && fn.Body.Contains(sp.Call) {
			out = append(out, fn)
		}
	}
	return out
}

func (b *bounds) asyncTraitFn(o *tf.Occ) {
	n := o.Node
	src := o.File.Src
	var mods *ast.Node
	for _, c := range n.Children {
		if c.Kind == "function_modifiers" {
			mods = c
		}
	}
	if mods == nil || strings.TrimSpace(mods.Text(src)) != "async" {
		return
	}
	params := n.Child("parameters")
	if params == nil {
		return
	}
	fe := b.file(o.File)
	end := mods.End
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	fe.add(mods.Start, end, "")
	future := "std::future::Future"
	if o.File.Imports()["Future"] == "std::future::Future" || o.File.Imports()["Future"] == "core::future::Future" {
		future = "Future"
	}
	if rt := n.Child("return_type"); rt != nil {
		fe.add(rt.Start, rt.Start, "impl "+future+"<Output = ")
		fe.add(rt.End, rt.End, "> + Send")
	} else {
		fe.add(params.End, params.End, " -> impl "+future+"<Output = ()> + Send")
	}
	b.changed = append(b.changed, o)
	b.note("async fn in trait")
}

// findings reports every bound as one fix.
func (b *bounds) findings() []rewrite.Finding {
	var files []*tf.File
	for f := range b.files {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	var edits []rewrite.Edit
	var paths []string
	for _, f := range files {
		fe := b.files[f]
		for local, n := range fe.localBox {
			full := f.Imports()[local]
			if full == "" || !strings.HasSuffix(full, "LocalBoxFuture") {
				continue
			}
			if len(f.NameUses(local)) <= n {
				fe.plan.Remove(full)
			}
			fe.plan.Add(strings.TrimSuffix(full, "LocalBoxFuture") + "BoxFuture")
		}
		k := len(edits)
		edits = append(edits, fe.edits...)
		for _, e := range fe.plan.Edits() {
			e.Path = f.Path
			edits = append(edits, e)
		}
		if len(edits) > k {
			paths = append(paths, f.Path)
		}
	}
	if len(edits) == 0 {
		return nil
	}
	why := b.bestReason()
	if why == nil {
		return nil
	}
	var parts []string
	for _, w := range b.order {
		n := b.what[w]
		parts = append(parts, fmt.Sprintf("%s (%d)", w, n))
	}
	bound, known := "`+ Send`", "Send"
	switch b.adds {
	case tf.Sync:
		bound, known = "`+ Sync`", "Sync"
	case tf.SendSync:
		bound, known = "`+ Send`/`+ Sync`", "Send or Sync"
	}
	fixMsg := "add " + bound + " bounds: " + strings.Join(parts, ", ") + " (" + strings.Join(paths, ", ") + ")"
	say, ref := why.Describe()
	holds := "a trait object or future"
	generic, other := false, false
	for _, w := range b.order {
		if strings.HasPrefix(w, "generic ") {
			generic = true
		} else {
			other = true
		}
	}
	switch {
	case generic && other:
		holds = "a trait object, future or generic value"
	case generic:
		holds = "a value of a generic type"
	}
	return []rewrite.Finding{{
		Path:    why.File.Path,
		Start:   why.At,
		End:     why.End,
		Ref:     ref,
		Message: say + ", but it holds " + holds + " not known to be " + known + ": " + fixMsg,
		Fix:     &rewrite.Fix{Message: fixMsg, Edits: edits},
	}}
}

// bestReason is the plainest reason among the changed occurrences: those
// of trait objects and futures first, since a generic parameter (or its
// associated type) bounded with them is bounded because of them (its own
// reason is where a closure captures it, not where the value must be Send).
func (b *bounds) bestReason() *tf.Reason {
	var best *tf.Reason
	for _, generic := range []bool{false, true} {
		for _, o := range b.changed {
			if (o.Kind == tf.OccBounds || o.Kind == tf.OccProj || argImpl(o)) != generic {
				continue
			}
			if _, why := o.Level(); tf.Better(why, best) {
				best = why
			}
		}
		if best != nil {
			return best
		}
	}
	return best
}
