package asyncmutex

import (
	"bytes"
	"fmt"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// Transform is the async-mutex pass.
var Transform = &rewrite.Transform{
	Name:       "async-mutex",
	Doc:        doc,
	RunPackage: run,
	Gate: func(srcs [][]byte) bool {
		for _, src := range srcs {
			if maybe(src) {
				return true
			}
		}
		return false
	},
}

var lockCalls = [][]byte{[]byte(".lock("), []byte(".read("), []byte(".write("), []byte(".try_lock("),
	[]byte(".try_read("), []byte(".try_write(")}

// maybe is the cheap byte test: a file with no await or no lock call
// cannot hold a guard across an await.
func maybe(src []byte) bool {
	if !bytes.Contains(src, []byte("await")) {
		return false
	}
	for _, c := range lockCalls {
		if bytes.Contains(src, c) {
			return true
		}
	}
	return false
}

// offender is a guard used after an await of a Send future.
type offender struct {
	file    *file
	guard   ast.Guard
	binding *ast.Node // where the finding is reported
	name    string    // the guard variable
	await   *ast.Node
	via     string // a variable borrowed from the guard, used after the await
	// temporary: the guard is a temporary of its statement (a for loop's
	// iterator, a match scrutinee, the receiver of a call whose arguments
	// await), still used after the await.
	temporary bool
	// byStrategy: not used after the await, switched because of
	// --strategy async-mutex.
	byStrategy bool
	// awaitedOn: a temporary guard whose method's future is awaited.
	awaitedOn bool
	// scrutinee: a match or if-let on a value borrowed from a temporary
	// guard, whose awaiting statement uses what it binds.
	scrutinee bool
	// section: a guard never used (`let _g = ..`) that holds the lock
	// across the await.
	section bool
}

func run(p *rewrite.Package) []rewrite.Finding {
	k := newPkg(p)
	var offs []offender
	candidates := k.load(p, func(f *rewrite.File) bool { return maybe(f.Src) })
	k.linkCallers(p)
	for _, fl := range candidates {
		offs = append(offs, k.offenders(fl)...)
	}
	if len(offs) == 0 {
		return nil
	}
	k.load(p, nil)
	k.seed()
	k.scanAll()
	// Resolving the offenders' receivers may create decls (a local whose
	// initializer is unusual): scan again.
	type resolved struct {
		d   *decl
		why string
	}
	res := make([]resolved, len(offs))
	for i, o := range offs {
		d, why := k.resolve(o.file, o.guard.Receiver)
		res[i] = resolved{d, why}
	}
	k.scanAll()
	classes := k.classes()

	// A guard of try_lock held across an await: under an async mutex it
	// would hold the lock while it waits, and every other try_lock of the
	// mutex would fail meanwhile (orca-so/whirlpools#993). Its mutex is
	// not switched.
	tried := map[*class]bool{}
	for i, o := range offs {
		if r := res[i]; r.d != nil && strings.HasPrefix(o.guard.Kind.Method, "try_") {
			tried[classes[r.d.root()]] = true
		}
	}
	var out []rewrite.Finding
	for i, o := range offs {
		head := fmt.Sprintf("guard used after .await at line {ref}: `%s` (%s) keeps the lock across it", o.name, o.guard.Kind.Type)
		if o.temporary {
			head = fmt.Sprintf("guard used after .await at line {ref}: the temporary %s of `%s` lives across it and is used after it", o.guard.Kind.Type, compact(o.guard.Producer.Text(o.file.src)))
		}
		if o.via != "" {
			head = fmt.Sprintf("guard used after .await at line {ref}: `%s`, borrowed from `%s` (%s), keeps the lock across it", o.via, o.name, o.guard.Kind.Type)
		}
		if o.section {
			head = fmt.Sprintf("guard held across .await at line {ref}: `%s` (%s) is never used: it holds the lock over the statements after it, the await included (a critical section)", o.name, o.guard.Kind.Type)
		}
		if o.scrutinee {
			head = fmt.Sprintf("guard held across .await at line {ref}: the temporary %s of `%s` stays locked through the `match` or `if let` on what it lends, and the awaiting statement uses that", o.guard.Kind.Type, compact(o.guard.Producer.Text(o.file.src)))
		}
		if o.awaitedOn {
			head = fmt.Sprintf("guard held across .await at line {ref}: the future awaited there is a method call on the temporary %s of `%s`, which it may borrow", o.guard.Kind.Type, compact(o.guard.Producer.Text(o.file.src)))
		}
		if o.byStrategy {
			head = fmt.Sprintf("guard held across .await at line {ref} (--strategy async-mutex: switched although scoping would do): `%s` (%s)", o.name, o.guard.Kind.Type)
		}
		report := func(msg string, fix *rewrite.Fix) {
			start := o.binding.Start
			if let := o.binding.Parent; let != nil && let.Kind == "let_declaration" {
				for _, c := range let.Children {
					if c.Kind == "mutable_specifier" && c.Start < start {
						start = c.Start
					}
				}
			}
			out = append(out, rewrite.Finding{Path: o.file.path, Start: start, End: o.binding.End, Ref: o.await.Start, Message: msg, Fix: fix})
		}
		r := res[i]
		if r.d == nil && k.userLockMethod(o) {
			continue // `gate.lock()` of a package type's own method: no guard
		}
		if r.d == nil {
			if r.why == "" {
				if o.temporary || o.binding.Parent == nil || o.binding.Parent.Kind != "let_declaration" {
					continue // scope-guard reports these
				}
				// scope-guard leaves let-bound guards used after the await
				// to this pass: say why nothing changes.
				r.why = "it is not declared in this package as a std::sync or parking_lot Mutex or RwLock"
			}
			report(head+": cannot fix automatically: cannot tell which mutex `"+compact(o.guard.Receiver.Text(o.file.src))+"` is: "+r.why, nil)
			continue
		}
		c := classes[r.d.root()]
		k.build(c)
		if c.skip {
			continue // tokio's mutex already, declared in another module (its try_lock guard is Send)
		}
		if tried[c] {
			report(head+": cannot fix automatically: the mutex is locked with try_lock, which would fail in other tasks for as long as an async mutex's guard waits here; copy the value out of the guard before the await (`let v = m.try_lock()?.clone();`)", nil)
			continue
		}
		if c.fix == nil {
			report(head+": cannot fix automatically: "+c.why, nil)
			continue
		}
		if !siteOf(c, o.guard.Call) {
			report(head+": cannot fix automatically: sendfix resolved `"+compact(o.guard.Receiver.Text(o.file.src))+"` to "+c.name+" but not this lock call", nil)
			continue
		}
		report(head+"; "+c.summary, c.fix)
	}
	return out
}

// userLockMethod reports whether the guard's call is a method of a
// package type named like a lock's (`impl Gate { fn lock(&self) -> Ticket
// }`), its receiver of that type.
func (k *pkg) userLockMethod(o offender) bool {
	owner := k.structOf(o.file, o.guard.Receiver, 0)
	if owner == "" {
		return false
	}
	for _, fn := range k.fns[o.guard.Kind.Method] {
		if fn.self && !fn.trait && implType(fn.node, fn.file.src) == owner {
			return true
		}
	}
	return false
}

func siteOf(c *class, call *ast.Node) bool {
	for _, s := range c.sites {
		if s.call == call {
			return true
		}
	}
	return false
}

// offenders finds the guards of fl bound by `let`, `if let` or `match`
// that are used after an await of a future that must be Send (or any
// future with --all).
// linkCallers loads the files of the package that may call an async fn
// of the loaded ones that its own file does not call, and links the
// files' Send analyses: such a fn awaited only from #[tokio::main] in
// main.rs need not be Send (ast.LinkPackage).
func (k *pkg) linkCallers(p *rewrite.Package) {
	var names []string
	for _, fl := range k.files {
		names = append(names, fl.send.Uncalled()...)
	}
	if len(names) == 0 || len(p.Files) < 2 {
		return
	}
	k.load(p, func(f *rewrite.File) bool { return ast.ContainsAnyWord(f.Src, names) })
	var as []*ast.SendAnalysis
	for _, fl := range k.files {
		as = append(as, fl.send)
	}
	ast.LinkPackage(as)
}

func (k *pkg) offenders(fl *file) []offender {
	src := fl.src
	var out []offender
	facts := ast.ScanFacts(src)
	if k.rwlock && !bytes.Contains(src, []byte("RwLock")) {
		// Guard detection reads facts from the file's text; an RwLock
		// declared in another file of the package still has read()/write()
		// guards here.
		facts = ast.ScanFacts(append(append([]byte(nil), src...), "\n// RwLock\n"...))
	}
	for _, g := range ast.FindGuards(fl.tree, facts) {
		if strings.Contains(g.Kind.Method, "borrow") || g.Call == nil || g.Receiver == nil {
			continue // a RefCell borrow, or a non-Send value that is no lock's guard
		}
		ctx := ast.ContextOf(g.Call, src)
		if ctx == nil || !ast.IsAsync(ctx, src) {
			continue
		}
		if !k.all && !fl.send.Required(ctx) {
			continue
		}
		if let, pat := ast.LetBinding(g.Producer, src); let != nil {
			if pat == nil || pat.Kind != "identifier" || let.Child("alternative") != nil {
				continue
			}
			name := pat.Text(src)
			scope := ast.NewLetScope(let, ctx, name, src)
			if scope == nil {
				continue
			}
			if a := scope.UsedAfterAwait(src); a != nil {
				out = append(out, offender{file: fl, guard: g, binding: pat, name: name, await: a})
			} else if a := awaitBorrows(scope, name, src); a != nil {
				out = append(out, offender{file: fl, guard: g, binding: pat, name: name, await: a})
			} else if strings.HasPrefix(name, "_") && len(scope.Awaits) > 0 && neverUsed(scope, name, src) {
				// `let _g = lock.lock().unwrap();` exists to hold the lock:
				// across the await, a critical section only an async mutex
				// keeps.
				out = append(out, offender{file: fl, guard: g, binding: pat, name: name, await: scope.Awaits[0], section: true})
			} else if k.strategy == "async-mutex" && len(scope.Awaits) > 0 {
				// --strategy async-mutex: switch even when scoping would do.
				out = append(out, offender{file: fl, guard: g, binding: pat, name: name, await: scope.Awaits[0], byStrategy: true})
			} else if movedOut(scope, name, fl.tree.Root, src) {
				// `let v = bump(g);`: the guard went into a fn that keeps
				// nothing of it; v borrows nothing.
			} else if a, via := borrowUsedAfter(scope, name, src); a != nil {
				out = append(out, offender{file: fl, guard: g, binding: pat, name: name, await: a, via: via})
			}
			continue
		}
		scrut := ast.ScrutineeOf(g.Producer)
		if scrut == nil || ast.Unparen(scrut) != g.Producer {
			if o, ok := temporaryOffender(fl, g, ctx); ok {
				out = append(out, o)
			}
			continue
		}
		switch par := scrut.Parent; par.Kind {
		case "let_condition":
			ifx := par.Parent
			if ifx == nil || ifx.Kind != "if_expression" {
				continue
			}
			if o, ok := usedAfterIn(fl, g, par.Child("pattern"), ifx.Child("consequence"), ctx); ok {
				out = append(out, o)
			}
		case "match_expression":
			body := par.Child("body")
			if body == nil {
				continue
			}
			for _, arm := range body.NamedChildren() {
				if arm.Kind != "match_arm" {
					continue
				}
				if o, ok := usedAfterIn(fl, g, arm.Child("pattern"), arm.Child("value"), ctx); ok {
					out = append(out, o)
					break
				}
			}
		}
	}
	return out
}

// usedAfterIn reports a guard bound by pattern pat (`Ok(g)`) that body
// uses after one of its awaits.
func usedAfterIn(fl *file, g ast.Guard, pat, body, ctx *ast.Node) (offender, bool) {
	src := fl.src
	if pat == nil || body == nil {
		return offender{}, false
	}
	var ids []*ast.Node
	pat.Walk(func(x *ast.Node) bool {
		if x.Kind == "identifier" && ast.IsBindingSite(x) {
			ids = append(ids, x)
		}
		return true
	})
	items := []*ast.Node{body}
	if body.Kind == "block" {
		items = ast.Items(body)
	}
	var awaits []*ast.Node
	for _, it := range items {
		awaits = append(awaits, ast.AwaitPoints(it, ctx)...)
	}
	if len(awaits) == 0 {
		return offender{}, false
	}
	for _, id := range ids {
		name := id.Text(src)
		for _, it := range items {
			if a := ast.UsedAfter(ast.Uses(name, []*ast.Node{it}, src), it, awaits); a != nil {
				return offender{file: fl, guard: g, binding: id, name: name, await: a}, true
			}
		}
	}
	return offender{}, false
}

// awaitBorrows finds an await in the guard's scope whose awaited future is
// made from the guard, with no owned value in between (`buf.insert(v).await`
// where insert is an `async fn(&mut self)` of the locked value): the future
// borrows the guard across its await, so no block can end the guard before.
func awaitBorrows(scope *ast.LetScope, guard string, src []byte) *ast.Node {
	for _, a := range scope.Awaits {
		ops := a.NamedChildren()
		if len(ops) == 0 {
			continue
		}
		for _, u := range ast.Uses(guard, []*ast.Node{ops[0]}, src) {
			owned := false
			for x := u.Parent; x != nil && x != ops[0]; x = x.Parent {
				if ast.Owned(x, src, nil) {
					owned = true
					break
				}
			}
			if !owned {
				return a
			}
		}
	}
	return nil
}

// borrowUsedAfter finds a variable bound after the guard from a value that
// may borrow from it (`let entry = map.entry(k).or_default();`) and used
// after an await: the borrow keeps the guard alive across the await just
// as well. It returns the await and the variable.
func borrowUsedAfter(scope *ast.LetScope, guard string, src []byte) (*ast.Node, string) {
	deps := map[string]bool{guard: true}
	owned := func(name string) bool { return !deps[name] }
	for k := scope.I + 1; k < scope.End; k++ {
		it := scope.List[k]
		if it.Kind != "let_declaration" {
			continue
		}
		pat, val := it.Child("pattern"), it.Child("value")
		if pat == nil || val == nil {
			continue
		}
		if t := it.Child("type"); t != nil && ast.OwnedType(t.Text(src)) {
			continue
		}
		if !mentions(val, deps, src) || ast.Owned(val, src, owned) {
			continue
		}
		names, _ := ast.PatternBindings(pat, src, false)
		for _, n := range names {
			if n == guard {
				continue
			}
			deps[n] = true
			for m := k + 1; m < len(scope.List); m++ {
				if ast.BindsName(scope.List[m], n, src) && scope.List[m].Kind == "let_declaration" {
					break
				}
				if a := ast.UsedAfter(ast.Uses(n, []*ast.Node{scope.List[m]}, src), scope.List[m], scope.Awaits); a != nil {
					return a, n
				}
				// `aki.start().await`: the awaited future holds the borrow.
				for _, a := range scope.Awaits {
					if scope.List[m].Contains(a) && a.NamedChildren() != nil && mentions(a.NamedChildren()[0], map[string]bool{n: true}, src) {
						return a, n
					}
				}
			}
		}
	}
	return nil, ""
}

func mentions(n *ast.Node, names map[string]bool, src []byte) bool {
	found := false
	n.Walk(func(x *ast.Node) bool {
		if found {
			return false
		}
		if x.Kind == "identifier" && names[x.Text(src)] {
			found = true
		}
		return true
	})
	return found
}

// temporaryOffender finds a guard that no variable holds but that its
// statement still uses after an await: the iterator of a `for` loop whose
// body awaits, a `match` / `if let` / `while let` scrutinee whose bindings
// are used after an await of the arm, or the receiver of a method call
// whose arguments await. When a value taken from the guard is owned, the
// guard can end before the await instead (scope-guard's case).
func temporaryOffender(fl *file, g ast.Guard, ctx *ast.Node) (offender, bool) {
	src := fl.src
	o := offender{file: fl, guard: g, binding: g.Producer, name: compact(g.Producer.Text(src)), temporary: true}
	// ownedBelow: some expression from the producer up to (not including)
	// top is a fresh value that scope-guard can compute before the await.
	ownedBelow := func(top *ast.Node) bool {
		for x := g.Producer; x != nil && x != top; x = x.Parent {
			if x.Kind == "block" || x.Kind == "closure_expression" || x.Kind == "async_block" {
				return false
			}
			if x != g.Producer && ast.Owned(x, src, nil) {
				return true
			}
		}
		return false
	}
	// The receiver chain of method calls above the producer.
	x := g.Producer
	for {
		p := x.Parent
		if p == nil {
			break
		}
		if p.Kind == "parenthesized_expression" || p.Kind == "try_expression" || p.Kind == "reference_expression" ||
			(p.Kind == "unary_expression" && p.Children[0].Kind == "*") {
			x = p
			continue
		}
		if p.Kind == "field_expression" && p.Child("value") == x {
			call := p.Parent
			if call != nil && call.Kind == "call_expression" && call.Child("function") == p {
				if args := call.Child("arguments"); args != nil {
					if as := ast.AwaitPoints(args, ctx); len(as) > 0 && !ownedBelow(call) {
						o.await = as[0]
						return o, true
					}
				}
				x = call
				continue
			}
			x = p
			continue
		}
		if p.Kind == "index_expression" && p.Children[0] == x {
			x = p
			continue
		}
		break
	}
	p := x.Parent
	if p == nil {
		return o, false
	}
	switch {
	case p.Kind == "await_expression" && x != g.Producer && !ownedBelow(p) && !ast.StaticFuture(fl.tree, x):
		// `client.lock().unwrap().fetch(id).await`: the awaited future
		// of a method of the locked value (an `async fn(&mut self)`
		// borrows it), with the guard alive until the statement ends.
		o.await, o.awaitedOn = p, true
		return o, true
	case p.Kind == "for_expression" && p.Child("value") == x:
		body := p.Child("body")
		if body == nil || ownedBelow(p) || ast.Owned(x, src, nil) {
			return o, false
		}
		if as := ast.AwaitPoints(body, ctx); len(as) > 0 {
			o.await = as[0]
			return o, true
		}
	case p.Kind == "match_expression" && p.Child("value") == x:
		if ownedBelow(p) || ast.Owned(x, src, nil) {
			return o, false
		}
		if body := p.Child("body"); body != nil {
			for _, arm := range body.NamedChildren() {
				if arm.Kind != "match_arm" {
					continue
				}
				if a, ok := bindingsUsedAfter(fl, arm.Child("pattern"), arm.Child("value"), ctx); ok {
					o.await = a
					return o, true
				}
				if a, ok := bindingsUsedAtAwait(fl, arm.Child("pattern"), arm.Child("value"), ctx); ok {
					o.await, o.scrutinee = a, true
					return o, true
				}
			}
		}
	case p.Kind == "let_condition" && p.Child("value") == x:
		if ownedBelow(p) || ast.Owned(x, src, nil) {
			return o, false
		}
		holder := p.Parent
		var body *ast.Node
		switch {
		case holder != nil && holder.Kind == "if_expression":
			body = holder.Child("consequence")
		case holder != nil && holder.Kind == "while_expression":
			body = holder.Child("body")
		}
		if body != nil {
			if a, ok := bindingsUsedAfter(fl, p.Child("pattern"), body, ctx); ok {
				o.await = a
				return o, true
			}
			if a, ok := bindingsUsedAtAwait(fl, p.Child("pattern"), body, ctx); ok {
				o.await, o.scrutinee = a, true
				return o, true
			}
		}
	}
	return o, false
}

// neverUsed reports whether the guard variable is read nowhere after its
// let.
func neverUsed(scope *ast.LetScope, name string, src []byte) bool {
	return len(ast.Uses(name, scope.List[scope.I+1:], src)) == 0
}

// bindingsUsedAtAwait returns the first await of body when the statement
// holding it uses a variable that pat binds (`Some(name) =>
// notify(format!("{name}")).await`, `fetch(&u.name).await`): the value
// borrowed from the guard is needed by the awaiting statement itself, so
// the lock cannot be released before it by splitting the body.
func bindingsUsedAtAwait(fl *file, pat, body, ctx *ast.Node) (*ast.Node, bool) {
	if pat == nil || body == nil {
		return nil, false
	}
	if pat.Kind == "match_pattern" && len(pat.NamedChildren()) > 0 {
		pat = pat.NamedChildren()[0] // `Some(name) if ..`: the pattern, not the guard expression
	}
	names, _ := ast.PatternBindings(pat, fl.src, false)
	items := []*ast.Node{body}
	if body.Kind == "block" {
		items = ast.Items(body)
	}
	for _, it := range items {
		as := ast.AwaitPoints(it, ctx)
		if len(as) == 0 {
			continue
		}
		for _, n := range names {
			if len(ast.Uses(n, []*ast.Node{it}, fl.src)) > 0 {
				return as[0], true
			}
		}
		return nil, false
	}
	return nil, false
}

// bindingsUsedAfter returns the await of body after which a variable that
// pat binds is used.
func bindingsUsedAfter(fl *file, pat, body, ctx *ast.Node) (*ast.Node, bool) {
	if pat == nil || body == nil {
		return nil, false
	}
	o, ok := usedAfterIn(fl, ast.Guard{}, pat, body, ctx)
	return o.await, ok
}

// movedOut reports whether the guard's uses in its scope move it away for
// good (ast.MovedAway).
func movedOut(scope *ast.LetScope, name string, root *ast.Node, src []byte) bool {
	var uses []*ast.Node
	for k := scope.I + 1; k < scope.End; k++ {
		uses = append(uses, scope.ItemUses(k, src)...)
	}
	return ast.MovedAway(uses, root, src)
}
