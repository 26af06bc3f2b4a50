package scopeguard

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// Transform is the scope-guard pass.
var Transform = &rewrite.Transform{
	Name:      "scope-guard",
	Doc:       doc,
	Prefilter: prefilter,
	Run:       run,
}

var guardCalls = [][]byte{[]byte(".lock("), []byte(".read("), []byte(".write("), []byte(".borrow"), []byte(".try_borrow"),
	[]byte(".try_lock("), []byte(".try_read("), []byte(".try_write("), []byte(".upgradable_read("),
	[]byte("thread_rng("), []byte("rand::rng("), []byte(".entered("), []byte("LocalSet::new(")}

// prefilter: no finding is possible without an await and a guard call
// (or a loop over an mpsc Receiver, see receiverLoops).
func prefilter(src []byte) bool {
	if !bytes.Contains(src, []byte("await")) {
		return false
	}
	if mayIterReceiver(src) {
		return true
	}
	// A struct of the file with a raw pointer (or NonNull, or a
	// PhantomData<*const ()> marker) field, held across an await
	// (reported: see rustast's nonSendStructs).
	if (bytes.Contains(src, []byte("*mut ")) || bytes.Contains(src, []byte("*const ")) || bytes.Contains(src, []byte("NonNull<"))) && bytes.Contains(src, []byte("struct ")) {
		return true
	}
	for _, c := range guardCalls {
		if bytes.Contains(src, c) {
			return true
		}
	}
	return false
}

type pass struct {
	file     *rewrite.File
	src      []byte
	tree     *ast.Tree
	send     *ast.SendAnalysis
	findings []rewrite.Finding
	// guardLets are the let statements that bind a guard, so that a
	// block scoping one guard also covers a guard taken inside it.
	guardLets map[*ast.Node]bool
	// linked: send was linked with the package's other files (required).
	linked bool
	// cloned are the hoisted `&guard.field` uses moved as clones.
	cloned map[*ast.Node]bool
	// lendsNothing: the value being scoped (a ThreadRng) is no container:
	// no value computed with it borrows from it.
	lendsNothing bool
}

func run(f *rewrite.File) []rewrite.Finding {
	t := ast.Build(f)
	if withMacros := ast.BuildWithMacroCode(f); withMacros != nil {
		t = withMacros // guards in select! arms and join! futures are seen too (only by this pass)
	}
	guards := ast.FindGuards(t, ast.ScanFacts(f.Src))
	p := &pass{file: f, src: f.Src, tree: t, guardLets: map[*ast.Node]bool{}, cloned: map[*ast.Node]bool{}}
	p.receiverLoops()
	p.nonSendParams()
	p.nonSendLoopIterators()
	if len(guards) == 0 {
		return p.findings
	}
	for _, g := range guards {
		if let, _ := ast.LetBinding(g.Producer, f.Src); let != nil {
			p.guardLets[let] = true
		}
	}
	for _, g := range guards {
		p.check(g)
	}
	return p.findings
}

// required reports whether the future of ctx must be Send. An async fn
// the file itself never calls is taken to be spawned until its package's
// other files say otherwise: only then, and once, is the file's analysis
// linked with the files that name such a fn (their calls decide: a
// module's fn awaited only from #[tokio::main] need not be Send). Without
// peers (a unit of one file), it stays taken to be spawned.
func (p *pass) required(ctx *ast.Node) bool {
	if p.send == nil {
		p.send = ast.NewSendAnalysis(p.tree) // built on first use: most files have no candidate
	}
	if !p.send.Required(ctx) {
		return false
	}
	if p.linked || len(p.file.Peers) < 2 {
		return true
	}
	p.linked = true
	names := p.send.Uncalled()
	if len(names) == 0 {
		return true
	}
	linked := []*ast.SendAnalysis{p.send}
	for _, peer := range p.file.Peers {
		if peer == p.file || !ast.ContainsAnyWord(peer.Src, names) {
			continue
		}
		if peer.Parsed() {
			linked = append(linked, ast.NewSendAnalysis(ast.Build(peer)))
		} else if t := peerTree(peer, p.file.Analysis); t != nil {
			linked = append(linked, ast.NewSendAnalysis(t))
		}
	}
	if len(linked) == 1 {
		return true
	}
	ast.LinkPackage(linked) // p.send is solved again, with its peers
	return p.send.Required(ctx)
}

// peerTree parses a peer no pass wanted, once per round (the other files
// of the package that ask for it share it).
func peerTree(peer *rewrite.File, hints *rewrite.Analysis) *ast.Tree {
	t, _ := peer.Memo("scopeguard.peerTree", func() any {
		pf, err := rewrite.NewFile(peer.Path, peer.Src, peer.Edition)
		if err != nil {
			return (*ast.Tree)(nil)
		}
		pf.Analysis = hints
		t := ast.Build(pf)
		pf.Close()
		return t
	}).(*ast.Tree)
	return t
}

// leftToAsyncMutex reports whether a lock guard this pass cannot scope is
// async-mutex's to switch (or explain). Not a RefCell borrow, and not a
// guard in a select! arm: async-mutex reads macro calls as token trees and
// would not see it.
func (p *pass) leftToAsyncMutex(g ast.Guard) bool {
	return !strings.Contains(g.Kind.Method, "borrow") && g.Receiver != nil && p.file.Enabled("async-mutex") && !ast.InMacro(g.Call)
}

func (p *pass) check(g ast.Guard) {
	if p.file.Strategy == "async-mutex" && p.leftToAsyncMutex(g) {
		// --strategy async-mutex: a guard bound by `let` to a variable is
		// switched, not scoped (async-mutex takes it even when scoping
		// would do); the other shapes are reported here as usual.
		if let, pat := ast.LetBinding(g.Producer, p.src); let != nil && pat != nil && pat.Kind == "identifier" && let.Child("alternative") == nil {
			return
		}
	}
	ctx := ast.ContextOf(g.Call, p.src)
	if ctx == nil || !ast.IsAsync(ctx, p.src) || p.tokioElsewhere(g) {
		return
	}
	if !p.file.All && !p.required(ctx) {
		return
	}
	if let, binding := ast.LetBinding(g.Producer, p.src); let != nil {
		p.letBound(g, ctx, let, binding)
		return
	}
	p.temporary(g, ctx)
}

// tokioElsewhere reports whether a try_lock (try_read, try_write) guard
// this file takes as std's locks a field that another file of the package
// declares as a tokio lock (`stats: Mutex<Stats>` under `use
// tokio::sync::Mutex`): its guard is Send.
func (p *pass) tokioElsewhere(g ast.Guard) bool {
	if !strings.HasPrefix(g.Kind.Method, "try_") || !strings.HasPrefix(g.Kind.Type, "std::sync::") ||
		g.Receiver == nil || g.Receiver.Kind != "field_expression" || g.Receiver.Child("field") == nil {
		return false
	}
	field := g.Receiver.Child("field").Text(p.src)
	decl := regexp.MustCompile(`\b` + regexp.QuoteMeta(field) + `\s*:\s*([^,\n}]+)`)
	tokio := func(src []byte) bool {
		bareLock := false
		for _, m := range decl.FindAllSubmatch(src, -1) {
			typ := ast.Compact(string(m[1]))
			if strings.Contains(typ, "tokio::sync::") {
				return true // `stats: tokio::sync::Mutex<S>`, `stats: tokio::sync::Mutex::new(..)`
			}
			bare := strings.TrimPrefix(strings.TrimPrefix(typ, "Arc<"), "std::sync::Arc<")
			bareLock = bareLock || strings.HasPrefix(bare, "Mutex<") || strings.HasPrefix(bare, "RwLock<")
		}
		if !bareLock {
			return false
		}
		facts := ast.ScanFacts(src) // `stats: Mutex<S>` under `use tokio::sync::Mutex`
		return facts.TokioLocks && !facts.StdLocks
	}
	if tokio(p.src) {
		return true
	}
	for _, peer := range p.file.Peers {
		if peer != p.file && tokio(peer.Src) {
			return true
		}
	}
	return false
}

func (p *pass) report(at *ast.Node, ref *ast.Node, msg string, fix *rewrite.Fix) {
	start := at.Start
	// Like rustc and clippy, a `let mut g` binding is reported at `mut`.
	if let := at.Parent; let != nil && let.Kind == "let_declaration" && let.Child("pattern") == at {
		for _, c := range let.Children {
			if c.Kind == "mutable_specifier" && c.Start < start {
				start = c.Start
			}
		}
	}
	p.findings = append(p.findings, rewrite.Finding{Start: start, End: at.End, Message: msg, Ref: ref.Start, Fix: fix})
}

// describe names the guard for messages.
func describe(g ast.Guard) string {
	if strings.Contains(g.Kind.Method, "borrow") && !watchRef(g) {
		return "RefCell " + g.Kind.Short()
	}
	return g.Kind.Type
}

// watchRef reports whether g is a borrow of a tokio watch channel's value.
func watchRef(g ast.Guard) bool { return g.Kind.Type == "tokio::sync::watch::Ref" }

func manualMessage(name string, g ast.Guard) string {
	if watchRef(g) {
		return fmt.Sprintf("`%s` (%s) is used after the .await at line {ref}: cannot fix automatically: it read-locks the channel's value; clone the value out (`rx.borrow().clone()`) and let the borrow end before the await", name, describe(g))
	}
	if strings.Contains(g.Kind.Method, "borrow") {
		return fmt.Sprintf("`%s` (%s) is used after the .await at line {ref}: cannot fix automatically: a RefCell borrow cannot stay alive across it in a Send future; it needs an async-aware mutex (tokio::sync::Mutex) in place of the RefCell", name, describe(g))
	}
	if strings.Contains(g.Kind.Type, ", which holds a ") {
		remedy := "end the value's use before the await, or hold what the field borrows from and take it where needed"
		if strings.Contains(g.Kind.Type, "ThreadRng") {
			remedy = "give the field a Send RNG (rand::rngs::StdRng, seeded with StdRng::from_entropy()), or end the value's use before the await"
		}
		if strings.Contains(g.Kind.Type, "PhantomData<*") {
			remedy = "if the pointer only marks variance, `PhantomData<fn() -> T>` keeps it and is Send; if it marks a value tied to its thread, end the value's use before the await"
		}
		return fmt.Sprintf("`%s` (%s) is used after the .await at line {ref}: cannot fix automatically: that field makes it not Send; %s", name, describe(g), remedy)
	}
	if strings.HasPrefix(g.Kind.Type, "std::io::") {
		return fmt.Sprintf("`%s` (%s) is used after the .await at line {ref}: cannot fix automatically: lock the stream for each write before the await and again after it, or write through tokio::io::stdout()", name, describe(g))
	}
	if g.Kind.Method == "" && g.Receiver == nil {
		// A value of a non-Send type (sendfix.toml's, or rustc's under
		// --cargo), not a lock's guard.
		return fmt.Sprintf("`%s` (%s) is used after the .await at line {ref}: cannot fix automatically: its type is not Send; make it after the await if it is only used there, end its use before the await, or keep the task on one thread (tokio::task::spawn_local in a LocalSet)", name, describe(g))
	}
	return fmt.Sprintf("`%s` (%s) is used after the .await at line {ref}: cannot fix automatically by scoping; it needs an async-aware mutex (tokio::sync::Mutex)", name, describe(g))
}

// keptForDrop says why a value that is not a lock guard (a struct with a
// raw pointer, a configured non-Send type) exists for what its drop does,
// so that ending its scope before the await would change what the code
// does (a profiler zone, a span, an FFI handle that detaches): a binding
// named `_x`, or a type of the file that implements Drop. "" otherwise.
func (p *pass) keptForDrop(g ast.Guard, name string) string {
	if g.Kind.Method != "" {
		return "" // a lock's guard, a borrow, a ThreadRng: scoping is the fix
	}
	if strings.HasPrefix(name, "_") {
		return "`" + name + "` is never read: it is kept alive for what its drop does, which ending its scope before the await would do early"
	}
	typ, _, _ := strings.Cut(g.Kind.Type, ",")
	if i := strings.LastIndex(typ, "::"); i >= 0 {
		typ = typ[i+2:]
	}
	if i := strings.Index(typ, "<"); i >= 0 {
		typ = typ[:i]
	}
	dropped := false
	p.tree.Root.Walk(func(n *ast.Node) bool {
		if dropped {
			return false
		}
		if n.Kind == "impl_item" {
			if tr, ty := n.Child("trait"), n.Child("type"); tr != nil && ty != nil && ast.TypeName(tr, p.src) == "Drop" && ast.TypeName(ty, p.src) == typ {
				dropped = true
			}
			return false
		}
		return n.Kind != "function_item"
	})
	if dropped {
		return typ + " implements Drop, which ending its scope before the await would run early"
	}
	return ""
}

// extendOverDependents moves the end of the block from last up to the
// last statement before the await (k) that reads a variable which may
// borrow from the guard (`let c = counters.entry(k).or_insert(0); *c +=
// 1;`): those statements must stay inside the block, with the guard.
func (p *pass) extendOverDependents(list []*ast.Node, i, last, k int, guard string) int {
	deps := map[string]bool{guard: true}
	if p.lendsNothing {
		deps = map[string]bool{}
	}
	ownedVar := func(n string) bool { return !deps[n] }
	for j := i + 1; j < k; j++ {
		it := list[j]
		if j > last && p.mentionsAny(it, deps) {
			last = j
		}
		if it.Kind != "let_declaration" || it.Child("pattern") == nil {
			continue
		}
		val := it.Child("value")
		typed := it.Child("type") != nil && ast.OwnedType(it.Child("type").Text(p.src))
		dependent := val != nil && p.mentionsAny(val, deps) && !typed && !ast.Owned(val, p.src, ownedVar)
		names, _ := ast.PatternBindings(it.Child("pattern"), p.src, false)
		for _, n := range names {
			if dependent {
				deps[n] = true
			} else {
				delete(deps, n)
			}
		}
	}
	return last
}

// guardName returns the variable a let binds the guard to: `let g = ..`,
// or `let Ok(mut g) = m.lock() else { .. }` (the else diverges, so moving
// the whole let into a block changes nothing); "" for other patterns.
func guardName(let, pattern *ast.Node, src []byte) string {
	switch {
	case pattern.Kind == "identifier" && let.Child("alternative") == nil:
		return pattern.Text(src)
	case pattern.Kind == "tuple_struct_pattern" && let.Child("alternative") != nil:
		if t := pattern.Child("type"); t == nil || t.Text(src) != "Ok" {
			return ""
		}
		var inner []*ast.Node
		for _, c := range pattern.NamedChildren() {
			if c != pattern.Child("type") {
				inner = append(inner, c)
			}
		}
		if len(inner) != 1 {
			return ""
		}
		x := inner[0]
		if x.Kind == "mut_pattern" {
			for _, c := range x.NamedChildren() {
				if c.Kind == "identifier" {
					x = c
				}
			}
		}
		if x.Kind == "identifier" {
			return x.Text(src)
		}
	}
	return ""
}

// letBound handles a guard bound to a variable by `let`.
func (p *pass) letBound(g ast.Guard, ctx, let, pattern *ast.Node) {
	block := let.Parent
	if block == nil || block.Kind != "block" {
		return
	}
	if pattern == nil || pattern.Text(p.src) == "_" {
		return // `let _ = m.lock()`: dropped at once
	}
	name := guardName(let, pattern, p.src)
	if name == "" {
		name = pattern.Text(p.src)
	}
	scope := ast.NewLetScope(let, ctx, name, p.src)
	if scope == nil {
		return
	}
	list, i, awaits := scope.List, scope.I, scope.Awaits
	if len(awaits) == 0 {
		return
	}
	p.lendsNothing = g.Kind.Method == "thread_rng" && !p.rngLent(scope)
	defer func() { p.lendsNothing = false }()
	if g.Kind.Manual != "" {
		manual := g.Kind.Manual
		if g.Kind.Method == "entered" {
			fix, why := p.instrumentSpan(g, name, let, scope)
			if fix != nil {
				p.report(pattern, awaits[0], fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}: a span entered across an .await is left on the wrong task; the rest of the body now runs instrumented with the span", name, describe(g)), fix)
				return
			}
			if why != "" {
				manual += " (" + why + ")"
			}
		}
		p.report(pattern, awaits[0], fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}: cannot fix automatically: %s", name, describe(g), manual), nil)
		return
	}
	if guardName(let, pattern, p.src) == "" {
		p.report(pattern, awaits[0], fmt.Sprintf("%s bound by the pattern `%s` is held across the .await at line {ref}: cannot fix automatically: only a guard bound to a plain variable can be scoped", describe(g), pattern.Text(p.src)), nil)
		return
	}
	if p.droppedBeforeEachAwait(scope, name) {
		return // each await comes after a drop of the guard on its own path
	}
	var uses []*ast.Node
	lastUse := i
	for k := i + 1; k < scope.End; k++ {
		us := scope.ItemUses(k, p.src)
		if len(us) > 0 {
			lastUse = k
		}
		if a := ast.UsedAfter(us, list[k], awaits); a != nil {
			if p.leftToAsyncMutex(g) {
				return // async-mutex switches the mutex, or says why it cannot
			}
			if g.Kind.Method == "thread_rng" {
				fix, why := p.sendRng(g, name, scope)
				if fix == nil {
					p.report(pattern, a, fmt.Sprintf("`%s` (%s) is used after the .await at line {ref}: cannot fix automatically: %s", name, describe(g), why), nil)
					return
				}
				p.report(pattern, a, fmt.Sprintf("`%s` (%s) is used after the .await at line {ref}; it is now a StdRng seeded from the thread's RNG, which is Send", name, describe(g)), fix)
				return
			}
			p.report(pattern, a, manualMessage(name, g), nil)
			return
		}
		uses = append(uses, us...)
	}
	if why := p.keptForDrop(g, name); why != "" {
		p.report(pattern, awaits[0], fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}: cannot fix automatically: %s; attach what it enters to the future instead (tracing's `.instrument(span)`, opentelemetry's `.with_context(cx)`), keep the task on one thread (tokio::task::spawn_local in a LocalSet), or make the type Send if what it holds allows (unsafe impl Send)", name, describe(g), why), nil)
		return
	}
	firstAwaitItem := scope.FirstAwaitItem
	k := firstAwaitItem
	// A guard only ever passed to drop() was never used: rustc accepts it.
	// So it does a guard moved, unborrowed, into a call before the await
	// (`finish_batch(q, &batch)` taking the MutexGuard by value).
	if lastUse < k && (len(uses) == 1 && isDropOf(list[lastUse], name, p.src) || ast.MovedAway(uses, p.tree.Root, p.src)) {
		return
	}
	// Another guard taken while this one is still held (in the original,
	// both live to the end of the block): one critical section covering
	// both keeps what is read under both locks atomic, as written.
	for j := i + 1; j < k; j++ {
		inner := list[j]
		if !p.guardLets[inner] || inner.Child("pattern") == nil || inner.Child("pattern").Kind != "identifier" {
			continue
		}
		other := inner.Child("pattern").Text(p.src)
		for m := j + 1; m < len(list); m++ {
			if len(ast.Uses(other, []*ast.Node{list[m]}, p.src)) > 0 && m > lastUse {
				lastUse = m
			}
		}
	}
	msg := fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}; its scope now ends before it", name, describe(g))
	if len(uses) == 0 && strings.HasPrefix(name, "_") && p.leftToAsyncMutex(g) {
		// `let _g = lock.lock().unwrap();` never used: it exists to hold
		// the lock, here across the await (a critical section around
		// it). Scoping would end that; async-mutex keeps it.
		return
	}
	if lastUse < k {
		last := lastUse
		if len(uses) == 0 {
			// An unused guard (`let _guard = ..`) protects the statements
			// after it: keep them locked, up to the await.
			last = k - 1
		}
		last = p.extendOverDependents(list, i, last, k, name)
		fix, why := p.wrapBlock(block, list, i, last, name, nil)
		if fix == nil {
			p.report(pattern, awaits[0], fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}: cannot fix automatically: %s", name, describe(g), why), nil)
			return
		}
		p.report(pattern, awaits[0], msg, fix)
		return
	}
	// The awaiting statement itself uses the guard before its await.
	hoisted, why := p.hoistUses(list[k], ctx, name, uses, g.Receiver)
	if hoisted == nil {
		if h, ok := p.splitIf(list[k], ctx, name, block); ok {
			hoisted = []hoist{h}
			msg = fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}; its scope now ends before it (the `if` runs its locked part in the guard's block, the awaiting part after it)", name, describe(g))
		} else if h, ok := p.splitMatch(list[k], ctx, name, block); ok {
			hoisted = []hoist{h}
			msg = fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}; its scope now ends before it (the `match` runs its locked part in the guard's block, the awaiting part after it)", name, describe(g))
		}
	}
	if hoisted == nil {
		if watchRef(g) {
			why += "; clone the value out (`rx.borrow().clone()`) so the borrow of the channel ends before the await"
		}
		p.report(pattern, awaits[0], fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}: cannot fix automatically: %s", name, describe(g), why), nil)
		return
	}
	fix, why := p.wrapBlock(block, list, i, k-1, name, hoisted)
	if fix == nil {
		p.report(pattern, awaits[0], fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}: cannot fix automatically: %s", name, describe(g), why), nil)
		return
	}
	p.report(pattern, awaits[0], msg, fix)
}

// hoistUses finds, in the awaiting statement stmt, the expressions that
// read the guard before the await; each must be a fresh value evaluated
// unconditionally with nothing observable before it.
//
// A `&guard.field` whose field is known to be Clone is hoisted as a clone
// (see clonedField); recv is the guard's lock.
func (p *pass) hoistUses(stmt, ctx *ast.Node, name string, uses []*ast.Node, recv *ast.Node) ([]hoist, string) {
	var exprs []*ast.Node
	awaits := ast.AwaitPointsIn(stmt, ctx, p.src)
	for _, u := range uses {
		if !stmt.Contains(u) {
			continue
		}
		covered := false
		for _, e := range exprs {
			if e.Contains(u) {
				covered = true
			}
		}
		if covered {
			continue
		}
		e := p.ownedAncestor(u, stmt, awaits)
		if e == nil {
			if e = p.clonedField(u, recv); e == nil {
				return nil, fmt.Sprintf("the awaiting statement uses `%s` in a way sendfix cannot move before the await", name)
			}
			p.cloned[e] = true
		}
		if why := p.movable(e, stmt); why != "" {
			return nil, why
		}
		exprs = append(exprs, e)
	}
	if len(exprs) == 0 {
		return nil, "no movable use"
	}
	var out []hoist
	for _, e := range exprs {
		h := hoist{at: e, base: hoistName(e, p.src, name), value: e.Text(p.src)}
		if p.cloned[e] {
			h.base, h.value = e.Child("field").Text(p.src), h.value+".clone()"
		}
		out = append(out, h)
	}
	return out, ""
}

// ownedAncestor climbs from n to the largest enclosing expression that
// holds no await and whose value is a fresh (owned) value.
func (p *pass) ownedAncestor(n, stmt *ast.Node, awaits []*ast.Node) *ast.Node {
	var best *ast.Node
	for x := n; x != nil && x != stmt; x = x.Parent {
		holdsAwait := false
		for _, a := range awaits {
			if x.Contains(a) {
				holdsAwait = true
			}
		}
		if holdsAwait {
			break
		}
		switch x.Kind {
		case "block", "let_declaration", "expression_statement", "closure_expression", "async_block", "match_arm", "let_condition":
			return best
		}
		if x.Parent != nil && x.Parent.Kind == "await_expression" {
			// The awaited future (`buf.insert(v)` of an `async fn(&mut
			// self)`) may borrow what made it: computed in the guard's
			// block, it would outlive the guard (E0597). One whose
			// method says `+ 'static` does not.
			if ast.StaticFuture(p.tree, x) {
				best = x
			}
			continue
		}
		if ast.Owned(x, p.src, nil) {
			best = x
		}
	}
	return best
}

// movable checks that expression e of statement stmt can be computed just
// before stmt: it runs unconditionally, and nothing with an effect runs
// before it in stmt.
func (p *pass) movable(e, stmt *ast.Node) string {
	for x := e.Parent; x != nil && x != stmt.Parent; x = x.Parent {
		switch x.Kind {
		case "for_expression":
			if v := x.Child("value"); v != nil && v.Contains(e) {
				continue // the iterated expression runs once
			}
			return fmt.Sprintf("`%s` runs repeatedly in its statement", compact(e.Text(p.src)))
		case "match_arm", "closure_expression", "async_block", "loop_expression", "while_expression":
			return fmt.Sprintf("`%s` runs conditionally or repeatedly in its statement", compact(e.Text(p.src)))
		case "if_expression":
			if c := x.Child("condition"); c == nil || !c.Contains(e) {
				return fmt.Sprintf("`%s` runs conditionally in its statement", compact(e.Text(p.src)))
			}
		case "binary_expression":
			if r := x.Child("right"); r != nil && r.Contains(e) && (x.HasToken(p.src, "&&") || x.HasToken(p.src, "||")) {
				return fmt.Sprintf("`%s` runs conditionally in its statement", compact(e.Text(p.src)))
			}
		}
	}
	effect := ""
	stmt.Walk(func(x *ast.Node) bool {
		if effect != "" || x.Start >= e.Start {
			return false
		}
		if x.End <= e.Start {
			switch x.Kind {
			case "call_expression", "macro_invocation", "await_expression", "assignment_expression", "compound_assignment_expr",
				"try_expression", "return_expression", "break_expression", "continue_expression":
				effect = fmt.Sprintf("`%s` runs before `%s` in its statement", compact(x.Text(p.src)), compact(e.Text(p.src)))
				return false
			}
		}
		return true
	})
	return effect
}

// hoist is a value of the awaiting statement computed at the end of the
// new block, while the guard lives, and read after it from a variable.
type hoist struct {
	at    *ast.Node // what the variable replaces
	base  string    // the variable's name, before it is made unique
	value string    // the expression the block yields
	// use, when set, writes the text that replaces at from the variable's
	// name (and the names in use); else the name alone replaces it.
	use func(name string, used map[string]bool) string
	// stays, when set, are the parts of the awaiting statement that still
	// run after the block (the rest of it moves into the block).
	stays []*ast.Node
}

// binding is a variable defined inside the block that code after the
// block reads.
type binding struct {
	name string
	mut  bool
	let  *ast.Node
}

// wrapBlock builds the fix that moves list[i..last] into a block. Values
// defined there and read later leave the block as its value; hoisted
// expressions of the next statement are computed as the block's last
// value(s) and replaced by variables.
func (p *pass) wrapBlock(block *ast.Node, list []*ast.Node, i, last int, guard string, hoisted []hoist) (*rewrite.Fix, string) {
	inside := list[i : last+1]
	rest := list[last+1:]
	for _, h := range hoisted {
		if h.stays != nil {
			// The awaiting statement is split: only part of it stays.
			rest = append(append([]*ast.Node(nil), h.stays...), list[last+2:]...)
		}
	}
	for _, it := range inside {
		switch it.Kind {
		case "function_item", "use_declaration", "const_item", "static_item", "struct_item", "enum_item",
			"impl_item", "trait_item", "macro_definition", "type_item", "mod_item", "union_item":
			// Items are visible in the whole block; inside the new block
			// they would not be.
			return nil, "the statements declare an item (fn, use, const, ...) that must stay visible after them"
		}
	}
	// The block's end drops the guard: a final drop(guard) is redundant.
	dropLast := false
	if last > i && isDropOf(list[last], guard, p.src) {
		dropLast = true
	}

	// Which variables defined inside are read afterwards?
	var defs []binding
	deps := map[string]bool{guard: true} // variables whose value may borrow from the guard
	if p.lendsNothing {
		deps = map[string]bool{} // a ThreadRng: what is computed with it is owned
	}
	ownedVar := func(name string) bool { return !deps[name] }
	for _, it := range inside[1:] {
		if it.Kind == "let_declaration" {
			pat := it.Child("pattern")
			if pat == nil {
				continue
			}
			names, muts := ast.PatternBindings(pat, p.src, ast.LetMut(it))
			if pat.Kind == "identifier" && strings.HasPrefix(pat.Text(p.src), "_") && pat.Text(p.src) != guard && it.Child("value") != nil {
				// `let _timer = Timer::start();` lives to the end of its
				// block for its Drop: inside the new block it would end
				// before the await.
				return nil, fmt.Sprintf("`%s` is kept alive for its Drop until the end of the block; moving it into a block before the await would drop it earlier", pat.Text(p.src))
			}
			val := it.Child("value")
			typed := it.Child("type") != nil && ast.OwnedType(it.Child("type").Text(p.src))
			// A value that may borrow from the guard: computed from it, and
			// neither written with an owned type nor a fresh value.
			dependent := val != nil && p.mentionsAny(val, deps) && !typed && !ast.Owned(val, p.src, ownedVar)
			for j, n := range names {
				if refBinding(pat, n, p.src) && p.readIn(n, rest) {
					return nil, fmt.Sprintf("`%s` is bound by `ref` to a value of the block; it cannot leave it", n)
				}
				defs = removeBinding(defs, n)
				defs = append(defs, binding{name: n, mut: muts[j], let: it})
				if dependent {
					deps[n] = true
				} else {
					delete(deps, n)
				}
				if dependent && p.readIn(n, rest) {
					return nil, fmt.Sprintf("`%s` may borrow from the guard and is used after the await", n)
				}
			}
		}
		if why := p.checkAssignments(it, deps, ownedVar); why != "" {
			return nil, why
		}
	}
	var exported []binding
	for _, d := range defs {
		if p.readIn(d.name, rest) {
			exported = append(exported, d)
		}
	}

	unit := indentUnit(p.src, block, list[i])
	ind := ast.Indent(p.src, list[i].Start)
	if !p.startsLine(list[i]) {
		return nil, "the statement shares its line with other code"
	}
	start := list[i].Start
	// `#[attr] let g = ..;`: the attribute moves into the block with its let.
	for k := i - 1; k >= 0 && list[k].Kind == "attribute_item"; k-- {
		start = list[k].Start
	}
	end := list[last].End
	bodyEnd := end
	if dropLast {
		bodyEnd = trimRightSpace(p.src, list[last-1].End, list[last].Start)
	} else {
		end = extendOverLineComment(p.src, end)
		bodyEnd = end
	}

	var b strings.Builder
	var tail []string // values the block yields
	inlineLet := (*ast.Node)(nil)
	if len(exported) == 1 && len(hoisted) == 0 && !dropLast && exported[0].let == list[last] && list[last].Child("pattern").Kind == "identifier" && list[last].Child("value") != nil &&
		(last == 0 || list[last-1].Kind != "attribute_item") { // `#[cfg(..)] let n = ..`: the attribute needs its let
		inlineLet = list[last]
	}
	switch {
	case inlineLet != nil:
		b.WriteString("let ")
		if ast.LetMut(inlineLet) {
			b.WriteString("mut ")
		}
		b.WriteString(exported[0].name)
		if t := inlineLet.Child("type"); t != nil {
			b.WriteString(": " + t.Text(p.src))
		}
		b.WriteString(" = {\n")
		if last > i {
			b.WriteString(ind + unit)
			b.WriteString(p.reindent(start, trimRightSpace(p.src, list[last-1].End, list[last].Start), unit))
			b.WriteString("\n")
		}
		val := inlineLet.Child("value")
		tailText := p.reindent(val.Start, val.End, unit)
		if ast.LeadsWithBlock(val) {
			tailText = "(" + tailText + ")"
		}
		b.WriteString(ind + unit + tailText + "\n")
		b.WriteString(ind + "};")
		if c := lineCommentAfter(p.src, list[last].End); c != "" {
			b.WriteString(c)
		}
		return p.fixFor(start, end, b.String(), nil), ""
	case len(exported) > 0 || len(hoisted) > 0:
		var pats []string
		for _, e := range exported {
			pat := e.name
			if e.mut && p.mutatedIn(e.name, rest) {
				pat = "mut " + pat
			}
			pats = append(pats, pat)
			tail = append(tail, e.name)
		}
		var names []string
		used := p.identifiersIn(ast.ContextOf(block, p.src))
		for _, h := range hoisted {
			n := uniqueName(h.base, used)
			used[n] = true
			names = append(names, n)
			pats = append(pats, n)
			tail = append(tail, h.value)
		}
		body := p.reindent(start, bodyEnd, unit)
		for _, e := range exported {
			body = p.dropUnusedMut(body, start, e, list, last)
		}
		b.WriteString("let " + tuple(pats) + " = {\n")
		b.WriteString(ind + unit + body + "\n")
		b.WriteString(ind + unit + tuple(tail) + "\n")
		b.WriteString(ind + "};")
		var extra []rewrite.Edit
		for k, h := range hoisted {
			text := names[k]
			if h.use != nil {
				text = h.use(names[k], used)
			}
			extra = append(extra, rewrite.Edit{Start: h.at.Start, End: h.at.End, New: text})
		}
		if dropLast {
			extra = append(extra, rewrite.Edit{Start: bodyEnd, End: list[last].End})
			return p.fixFor(start, bodyEnd, b.String(), extra), ""
		}
		return p.fixFor(start, end, b.String(), extra), ""
	default:
		b.WriteString("{\n")
		b.WriteString(ind + unit + p.reindent(start, bodyEnd, unit) + "\n")
		b.WriteString(ind + "}")
		if dropLast {
			return p.fixFor(start, bodyEnd, b.String(), []rewrite.Edit{{Start: bodyEnd, End: list[last].End}}), ""
		}
		return p.fixFor(start, end, b.String(), nil), ""
	}
}

// dropUnusedMut removes the `mut` of an exported variable's let inside the
// new block when nothing in the block changes it after: it is mutated only
// after the block, where the outer pattern has its own `mut` (else rustc
// warns unused_mut, an error under #![deny(warnings)]). body is the block's
// text, from start in the source.
func (p *pass) dropUnusedMut(body string, start int, e binding, list []*ast.Node, last int) string {
	if !e.mut || e.let == nil || e.let.Child("pattern") == nil {
		return body
	}
	if pat := e.let.Child("pattern"); pat.Kind != "identifier" && pat.Kind != "mut_pattern" && !ast.LetMut(e.let) {
		return p.dropUnusedMutIn(body, start, e, pat, list, last)
	}
	if e.let.Child("pattern").Kind != "mut_pattern" && !ast.LetMut(e.let) {
		return body
	}
	at := -1
	for k, it := range list {
		if it == e.let {
			at = k
		}
	}
	if at < 0 || at > last || p.mutatedIn(e.name, list[at+1:last+1]) {
		return body
	}
	want := "let mut " + e.name
	if e.let.Start < start || !strings.HasPrefix(compact2(p.src[e.let.Start:e.let.End]), compact2([]byte(want))) {
		return body
	}
	idx := nthIndex(body, want, strings.Count(string(p.src[start:e.let.Start]), want))
	if idx < 0 {
		return body
	}
	if end := idx + len(want); end < len(body) && ast.IdentByte(body[end]) {
		return body // `let mut names2`
	}
	return body[:idx] + "let " + e.name + body[idx+len(want):]
}

// refBinding reports whether pat binds name by reference (`ref name`).
func refBinding(pat *ast.Node, name string, src []byte) bool {
	found := false
	pat.Walk(func(n *ast.Node) bool {
		if n.Kind == "ref_pattern" && strings.Contains(n.Text(src), name) {
			found = true
		}
		return !found
	})
	return found || strings.Contains(compact2([]byte(pat.Text(src))), "ref "+name)
}

// dropUnusedMutIn is dropUnusedMut for a binding inside a pattern
// (`let (mut lo, hi) = ..`): the `mut lo` of the inner let becomes `lo`.
func (p *pass) dropUnusedMutIn(body string, start int, e binding, pat *ast.Node, list []*ast.Node, last int) string {
	at := -1
	for k, it := range list {
		if it == e.let {
			at = k
		}
	}
	if at < 0 || at > last || p.mutatedIn(e.name, list[at+1:last+1]) || pat.Start < start {
		return body
	}
	var mp *ast.Node
	pat.Walk(func(n *ast.Node) bool {
		if n.Kind == "mut_pattern" && mp == nil {
			for _, c := range n.NamedChildren() {
				if c.Kind == "identifier" && c.Text(p.src) == e.name {
					mp = n
				}
			}
		}
		return mp == nil
	})
	if mp == nil {
		return body
	}
	patText := pat.Text(p.src)
	if strings.Contains(patText, "\n") {
		return body
	}
	idx := nthIndex(body, patText, strings.Count(string(p.src[start:pat.Start]), patText))
	if idx < 0 {
		return body
	}
	inner := patText[:mp.Start-pat.Start] + e.name + patText[mp.End-pat.Start:]
	return body[:idx] + inner + body[idx+len(patText):]
}

// nthIndex returns where the occurrence of text numbered nth (from 0)
// starts in s, or -1: which occurrence in the reindented block text is
// the one counted in the source.
func nthIndex(s, text string, nth int) int {
	idx := -1
	for k, from := 0, 0; k <= nth; k++ {
		j := strings.Index(s[from:], text)
		if j < 0 {
			return -1
		}
		idx = from + j
		from = idx + len(text)
	}
	return idx
}

func compact2(b []byte) string { return strings.Join(strings.Fields(string(b)), " ") }

func (p *pass) fixFor(start, end int, text string, extra []rewrite.Edit) *rewrite.Fix {
	edits := append([]rewrite.Edit{{Start: start, End: end, New: text}}, extra...)
	sort.Slice(edits, func(a, b int) bool { return edits[a].Start < edits[b].Start })
	return &rewrite.Fix{Message: "end the guard's scope before the .await", Edits: edits}
}

func tuple(xs []string) string {
	if len(xs) == 1 {
		return xs[0]
	}
	return "(" + strings.Join(xs, ", ") + ")"
}

func removeBinding(defs []binding, name string) []binding {
	out := defs[:0]
	for _, d := range defs {
		if d.name != name {
			out = append(out, d)
		}
	}
	return out
}

// checkAssignments refuses a block whose statements store a value that may
// borrow from the guard into a variable that outlives the block.
func (p *pass) checkAssignments(it *ast.Node, deps map[string]bool, ownedVar ast.Vars) string {
	why := ""
	it.Walk(func(x *ast.Node) bool {
		if why != "" {
			return false
		}
		if x.Kind == "assignment_expression" {
			l, r := x.Child("left"), x.Child("right")
			if l != nil && r != nil && p.mentionsAny(r, deps) && !ast.Owned(r, p.src, ownedVar) {
				if l.Kind == "identifier" {
					why = fmt.Sprintf("`%s` may borrow from the guard and outlives it", l.Text(p.src))
				}
			}
		}
		// `held.push(guard)`: the guard itself moves into a value that
		// outlives the block (a fn taking it by value, as a statement,
		// drops it).
		if x.Kind == "identifier" && deps[x.Text(p.src)] && x.Parent != nil && x.Parent.Kind == "arguments" {
			if call := x.Parent.Parent; call != nil && call.Kind == "call_expression" && !ast.MovedIntoCall(x, p.tree.Root, p.src) && !isDropCall(call, p.src) {
				if recv, _, _, ok := ast.MethodCall(call, p.src); ok && recv.Kind == "identifier" && !deps[recv.Text(p.src)] {
					why = fmt.Sprintf("`%s` is moved into `%s`, which outlives the block", x.Text(p.src), recv.Text(p.src))
				}
			}
		}
		return true
	})
	return why
}

func (p *pass) mentionsAny(n *ast.Node, names map[string]bool) bool {
	found := false
	n.Walk(func(x *ast.Node) bool {
		if found {
			return false
		}
		if x.Kind == "identifier" && names[x.Text(p.src)] {
			found = true
		}
		return true
	})
	return found
}

func (p *pass) readIn(name string, nodes []*ast.Node) bool {
	return len(ast.Uses(name, nodes, p.src)) > 0
}

// mutatedIn reports whether code may mutate the variable: assigned,
// borrowed mutably, or the receiver of a method call (which may take
// &mut self).
func (p *pass) mutatedIn(name string, nodes []*ast.Node) bool {
	for _, u := range ast.Uses(name, nodes, p.src) {
		par := u.Parent
		for par != nil && (par.Kind == "field_expression" || par.Kind == "index_expression") && par.Children[0] == u {
			if par.Kind == "field_expression" && par.Parent != nil && par.Parent.Kind == "call_expression" && par.Parent.Child("function") == par {
				return true
			}
			u, par = par, par.Parent
		}
		if par == nil {
			continue
		}
		switch par.Kind {
		case "assignment_expression", "compound_assignment_expr":
			if par.Child("left") == u {
				return true
			}
		case "reference_expression":
			if par.HasToken(p.src, "mut") || strings.HasPrefix(par.Text(p.src), "&mut") {
				return true
			}
		}
	}
	return false
}

// isDropCall reports whether call is drop(..) / mem::drop(..).
func isDropCall(call *ast.Node, src []byte) bool {
	switch ast.CalleePath(call, src) {
	case "drop", "std::mem::drop", "mem::drop", "core::mem::drop":
		return true
	}
	return false
}

// droppedBeforeEachAwait reports whether every await in the guard's scope
// follows, in a block on its way from the guard's let, a `drop(guard);`
// (or a move of it into a call that keeps nothing), with no other use of
// the guard before that drop except in branches the await is not in:
// `match cmd { Push(x) => v.push(x), other => { drop(v); f().await } }`.
// rustc sees that on the await's path the guard was moved, never borrowed.
func (p *pass) droppedBeforeEachAwait(scope *ast.LetScope, name string) bool {
	var uses []*ast.Node
	for k := scope.I + 1; k < scope.End; k++ {
		uses = append(uses, scope.ItemUses(k, p.src)...)
	}
	for _, a := range scope.Awaits {
		var drop *ast.Node
		for x := a; x != nil && drop == nil && x != scope.List[scope.I].Parent; x = x.Parent {
			b := x.Parent
			if b == nil || b.Kind != "block" {
				continue
			}
			for _, st := range ast.Items(b) {
				if st.Start >= x.Start {
					break
				}
				if isDropOf(st, name, p.src) || st.Kind == "expression_statement" && len(ast.Uses(name, []*ast.Node{st}, p.src)) == 1 &&
					ast.MovedIntoCall(ast.Uses(name, []*ast.Node{st}, p.src)[0], p.tree.Root, p.src) {
					drop = st
				}
			}
		}
		if drop == nil {
			return false
		}
		for _, u := range uses {
			if drop.Contains(u) || inOtherBranch(u, a) {
				continue
			}
			if u.Start < drop.Start {
				return false // borrowed before the drop, on the await's path
			}
		}
	}
	return len(scope.Awaits) > 0
}

// inOtherBranch reports whether u and a are in different arms of a match,
// or in the two branches of an if: no run reaches both.
func inOtherBranch(u, a *ast.Node) bool {
	for x := u; x != nil; x = x.Parent {
		if x.Contains(a) {
			return false // x is the lowest common ancestor; its child on u's side is below
		}
		par := x.Parent
		if par == nil || !par.Contains(a) {
			continue
		}
		switch {
		case x.Kind == "match_arm":
			return true
		case par.Kind == "if_expression" && (x == par.Child("consequence") || x == par.Child("alternative")):
			c, alt := par.Child("consequence"), par.Child("alternative")
			return c != nil && alt != nil && (c.Contains(u) && alt.Contains(a) || alt.Contains(u) && c.Contains(a))
		}
		return false
	}
	return false
}

func isDropOf(stmt *ast.Node, name string, src []byte) bool {
	if stmt.Kind != "expression_statement" {
		return false
	}
	c := stmt.NamedChildren()
	if len(c) != 1 || c[0].Kind != "call_expression" {
		return false
	}
	call := c[0]
	if !isDropCall(call, src) {
		return false
	}
	args := call.Child("arguments").NamedChildren()
	return len(args) == 1 && args[0].Kind == "identifier" && args[0].Text(src) == name
}

// identifiersIn collects every identifier in n, to keep new names unique.
func (p *pass) identifiersIn(n *ast.Node) map[string]bool {
	out := map[string]bool{}
	if n == nil {
		n = p.tree.Root
	}
	n.Walk(func(x *ast.Node) bool {
		switch x.Kind {
		case "identifier":
			out[x.Text(p.src)] = true
		case "string_literal":
			// println!("{queue_len}") reads queue_len.
			for name := range ast.FormatArgs(x.Text(p.src)) {
				out[name] = true
			}
		}
		return true
	})
	return out
}

func uniqueName(base string, used map[string]bool) string {
	if !used[base] && !keyword[base] {
		return base
	}
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s%d", base, i)
		if !used[n] {
			return n
		}
	}
}

var keyword = map[string]bool{"self": true, "type": true, "match": true, "loop": true, "move": true, "ref": true, "fn": true, "impl": true, "mod": true, "use": true, "where": true, "async": true, "await": true, "dyn": true, "box": true}

// hoistName derives a readable variable name for a hoisted value from the
// lock it reads and the method that computes it: `state.lock().unwrap().len()`
// becomes state_len.
func hoistName(e *ast.Node, src []byte, guard string) string {
	base := ""
	// Find the lock receiver: the innermost `x.lock()`-style call.
	e.Walk(func(x *ast.Node) bool {
		if base != "" {
			return false
		}
		if recv, name, _, ok := ast.MethodCall(x, src); ok {
			switch name {
			case "lock", "read", "write", "borrow", "borrow_mut", "try_lock":
				base = lastSegment(recv, src)
				return false
			}
		}
		return true
	})
	if base == "" {
		base = guard
	}
	suffix := "value"
	if _, name, _, ok := ast.MethodCall(ast.Unparen(e), src); ok {
		switch name {
		case "len", "count":
			suffix = "len"
		case "is_empty":
			suffix = "is_empty"
		case "contains", "contains_key":
			suffix = "contains"
		case "pop", "pop_front", "pop_back", "pop_first", "pop_last":
			suffix = "next"
		case "remove", "take", "swap_remove", "remove_entry":
			suffix = "taken"
		case "clone", "cloned", "copied", "to_owned", "to_vec", "to_string":
			suffix = "snapshot"
		}
	}
	base = strings.ToLower(strings.TrimPrefix(base, "r#"))
	if base == "" || base == "self" || base == "guard" || base == "g" || base == "lock" {
		return suffix
	}
	return base + "_" + suffix
}

func lastSegment(n *ast.Node, src []byte) string {
	n = ast.Unparen(n)
	switch n.Kind {
	case "identifier", "self":
		return n.Text(src)
	case "field_expression":
		if f := n.Child("field"); f != nil {
			return f.Text(src)
		}
	case "scoped_identifier":
		if f := n.Child("name"); f != nil {
			return f.Text(src)
		}
	case "call_expression":
		if f := n.Child("function"); f != nil {
			return lastSegment(f, src)
		}
	case "unary_expression", "reference_expression":
		if c := n.NamedChildren(); len(c) > 0 {
			return lastSegment(c[len(c)-1], src)
		}
	}
	return ""
}
