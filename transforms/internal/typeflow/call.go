package typeflow

import (
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// spawnNames move a future or closure to another thread.
var spawnNames = map[string]bool{"spawn": true, "spawn_blocking": true, "spawn_on": true}

// localNames run a future on the current thread.
var localNames = map[string]bool{
	"spawn_local": true, "block_on": true, "run_until": true, "spawn_local_on": true, "spawn_pinned": true,
}

func argList(args *ast.Node) []*ast.Node {
	if args == nil {
		return nil
	}
	var out []*ast.Node
	for _, c := range args.NamedChildren() {
		switch c.Kind {
		case "line_comment", "block_comment", "attribute_item":
			continue
		}
		out = append(out, c)
	}
	return out
}

func (w *walker) call(n *ast.Node) *Term {
	p := w.p
	fn := n.Child("function")
	args := argList(n.Child("arguments"))
	if fn == nil {
		return nil
	}
	if fn.Kind == "generic_function" {
		if inner := fn.Child("function"); inner != nil {
			fn = inner
		}
	}
	switch fn.Kind {
	case "field_expression":
		field := fn.Child("field")
		if field == nil {
			break
		}
		return w.methodCall(n, fn.Child("value"), field.Text(w.src), args)
	case "identifier":
		name := fn.Text(w.src)
		if v := w.lookup(name, fn); v != nil {
			w.exprs(args)
			return p.out(v.term)
		}
		if t, ok := w.builtinCall(n, name, "", args); ok {
			return t
		}
		if f := w.freeFn(name, "", fn); f != nil {
			return w.callFn(f, nil, args, n)
		}
		if st := p.structAt(w.f, fn, name); st != nil && !st.Enum {
			return w.tupleStruct(st, "", args)
		}
		w.exprs(args)
		return nil
	case "scoped_identifier":
		path := fn.Child("path")
		name := text(fn.Child("name"), w.src)
		pathText := ""
		var base *ast.Node
		if path != nil {
			base = path
			if path.Kind == "generic_type" {
				base = path.Child("type")
			}
			pathText = compact(base.Text(w.src))
		}
		if base != nil {
			if t, ok := w.stdCall(n, base, pathText, name, args); ok {
				return t
			}
		}
		if t, ok := w.builtinCall(n, name, pathText, args); ok {
			return t
		}
		typeName := lastSeg(pathText)
		var st *StructItem
		if typeName == "Self" && w.env.self != nil {
			if s := derefAll(w.env.self).shape(conStruct); s != nil {
				typeName, st = s.Name, s.Item
			}
		} else if base != nil {
			st = p.structAtPath(w.f, base, pathText)
		}
		m := p.ix.byType[typeName]
		if st != nil {
			m = p.ix.byItem[st]
		} else if len(p.ix.structs[typeName]) > 1 {
			m = nil // which of them is unknown: see resolve
		}
		if m != nil {
			if fns := m[name]; len(fns) > 0 {
				var res *Term
				for _, f := range fns {
					var recv *Term
					if f.SelfKind != "" && len(args) > 0 {
						// `Type::method(&x, ..)`: the first argument is self.
						recv = w.expr(args[0])
						r := w.callFn(f, recv, args[1:], n)
						res = w.join(res, r)
						continue
					}
					res = w.join(res, w.callFn(f, recv, args, n))
				}
				return res
			}
		}
		if st != nil && !st.Enum && name == "default" && len(args) == 0 {
			// `Bus::default()` of a #[derive(Default)] struct: a Bus.
			t := p.g.fresh()
			w.structShape(t, st)
			return t
		}
		if st, prefix := w.variantStruct(fn); st != nil && prefix != "" {
			return w.tupleStruct(st, prefix, args)
		}
		if tr := p.traitAt(w.f, fn, typeName); tr != nil {
			if m := tr.Methods[name]; m != nil {
				if m.SelfKind != "" && len(args) > 0 {
					return w.callFn(m, w.expr(args[0]), args[1:], n)
				}
				return w.callFn(m, nil, args, n)
			}
		}
		if f := w.freeFn(name, pathText, fn); f != nil {
			return w.callFn(f, nil, args, n)
		}
		w.exprs(args)
		return nil
	}
	callee := w.expr(fn)
	w.exprs(args)
	return p.out(callee)
}

func (w *walker) join(a, b *Term) *Term {
	if a == nil {
		return b
	}
	if b != nil {
		w.p.g.unify(a, b)
	}
	return a
}

func (w *walker) exprs(args []*ast.Node) []*Term {
	var out []*Term
	for _, a := range args {
		out = append(out, w.expr(a))
	}
	return out
}

func (w *walker) tupleStruct(st *StructItem, prefix string, args []*ast.Node) *Term {
	p := w.p
	t := p.g.fresh()
	sh := w.structShape(t, st)
	for i, a := range args {
		v := w.expr(a)
		if ft := p.field(sh, prefix+itoa(i)); ft != nil {
			p.g.unify(v, ft)
		}
	}
	return t
}

// freeFn resolves a call of a free function of the package by name and
// the module path written before it, through the imports of the module at
// node at. A path into another crate (`crossbeam_utils::thread::scope`)
// or a name no import or scope decides gives nil: the package's own `fn
// scope` must not stand in for it.
func (w *walker) freeFn(name, path string, at *ast.Node) *FnItem {
	list := w.p.ix.fns[name]
	if len(list) == 0 {
		return nil
	}
	m := w.f.ModuleAt(at)
	var match []*FnItem
	if path == "" {
		// In scope here: this module's own fns, nearest first.
		var best []*FnItem
		bestRank := -1
		for _, f := range list {
			r := visibility(f.File, f.Scope, w.f, at)
			if r < 1 {
				continue
			}
			switch {
			case r > bestRank:
				best, bestRank = []*FnItem{f}, r
			case r == bestRank:
				best = append(best, f)
			}
		}
		if len(best) == 1 {
			return best[0]
		}
		for _, f := range list {
			if m.names(name, modPath(f.File, f.Scope)) {
				match = append(match, f)
			}
		}
		if len(match) == 0 && len(list) == 1 && !m.imports(name) {
			return list[0] // the only fn of that name, not imported from elsewhere
		}
	} else {
		full := m.FullPath(path + "::" + name)
		segs := strings.Split(full, "::")
		if segs[0] == "self" || segs[0] == "super" {
			// Relative to this module.
			here := modPath(w.f, scopeOf(at))
			if segs[0] == "super" && len(here) > 0 {
				here = here[:len(here)-1]
			}
			segs = append(append([]string{"crate"}, here...), segs[1:]...)
		}
		mods := segs[:len(segs)-1]
		for _, f := range list {
			mp := modPath(f.File, f.Scope)
			lead := len(mods) - len(mp)
			if lead < 0 || lead > 1 || (lead == 1 && len(mp) == 0 && mods[0] != "crate") {
				continue
			}
			ok := true
			for i, s := range mp {
				if mods[lead+i] != s {
					ok = false
				}
			}
			if ok {
				match = append(match, f)
			}
		}
	}
	if len(match) == 1 {
		return match[0]
	}
	return nil
}

// callFn links a call to the function it calls and returns its value.
func (w *walker) callFn(fn *FnItem, recv *Term, args []*ast.Node, call *ast.Node) *Term {
	p := w.p
	inst := p.instAt(fn, call, w.f)
	if recv != nil && inst.self != nil && fn.Impl != nil {
		p.g.unify(derefAll(recv), derefAll(inst.self))
	}
	for i, a := range args {
		var hint *Term
		if i < len(inst.params) {
			hint = inst.params[i]
		}
		if a.Kind == "closure_expression" && hint != nil {
			// A closure passed for `F: Fn(&str) -> String`: its output is F's.
			t := w.expr(a)
			p.g.unify(t, hint)
			continue
		}
		t := w.expr(a)
		switch {
		case hint == nil:
		case i < len(fn.Params) && coercionSite(fn.Params[i].Child("type"), fn.File.Src):
			p.g.flow(t, hint)
		default:
			p.g.unify(t, hint)
		}
	}
	return inst.result
}

// parallelIterator reports whether recv is a chain that makes a rayon
// parallel iterator (`v.par_iter()`, `(0..n).into_par_iter().filter(..)`).
func parallelIterator(recv *ast.Node, src []byte) bool {
	text := compact(recv.Text(src))
	for _, m := range []string{".par_iter()", ".par_iter_mut()", ".into_par_iter()", ".par_bridge()", ".par_chunks(", ".par_chunks_mut(", ".par_windows(", ".par_lines()", ".par_split(", ".par_drain("} {
		if strings.Contains(text, m) {
			return true
		}
	}
	return false
}

// spawn records a call that moves its first argument to another thread.
func (w *walker) spawn(call *ast.Node, name string, args []*ast.Node) *Term {
	p := w.p
	ts := w.exprs(args)
	if len(ts) == 0 {
		return nil
	}
	arg := ts[0]
	out := p.out(arg)
	if !p.seenSp[call] {
		p.seenSp[call] = true
		if out == nil {
			out = p.g.fresh()
		}
		p.spawns = append(p.spawns, &Spawn{File: w.f, Call: call, Name: name, Arg: arg, Out: out, Level: Send})
	} else {
		for _, s := range p.spawns {
			if s.Call == call && out != nil {
				p.g.unify(s.Out, out)
				out = s.Out
			}
		}
	}
	if out == nil {
		out = p.g.fresh()
	}
	// The JoinHandle: awaiting (or joining) it gives Result<output, _>.
	res := p.g.withShape(&Shape{Con: conResult, Args: []*Term{out, p.g.fresh()}})
	return p.g.withShape(&Shape{Con: conFuture, Name: "JoinHandle", Out: res, seen: map[any]bool{}})
}

// builtinCall handles calls of std functions by name: spawners, Some/Ok/Err.
func (w *walker) builtinCall(call *ast.Node, name, path string, args []*ast.Node) (*Term, bool) {
	p := w.p
	full := name
	if path != "" {
		full = path + "::" + name
	}
	aliasOfLocal := path == "" && localNames[lastSeg(w.f.Imports()[name])] // `use tokio::task::spawn_local as spawn;`
	switch {
	case localNames[name] || p.local[name] || aliasOfLocal:
		w.exprs(args)
		return nil, true
	case spawnNames[name] || p.spawners[name]:
		if path == "" || strings.Contains(path, "tokio") || strings.Contains(path, "thread") || strings.Contains(path, "task") ||
			strings.Contains(path, "rayon") || strings.Contains(path, "async_std") || strings.Contains(path, "smol") || p.spawners[name] {
			if w.freeFn(name, path, call) == nil {
				return w.spawn(call, full, args), true
			}
		}
	}
	if name == "successors" && (path == "" || strings.HasSuffix(path, "iter")) && len(args) == 2 &&
		args[1].Kind == "closure_expression" && w.freeFn(name, path, call) == nil {
		// std::iter::successors(first, |prev| next): one item type, the
		// closure's parameter a reference to it (an iterator is its item).
		first := w.expr(args[0])
		w.hints[args[1]] = p.g.withShape(&Shape{Con: conRef, Args: []*Term{first}})
		if o := p.out(w.expr(args[1])); o != nil {
			p.g.unify(o, first)
		}
		return first, true
	}
	if name == "unfold" && (path == "" || strings.HasSuffix(path, "stream")) && len(args) == 2 && w.freeFn(name, path, call) == nil {
		// futures' stream::unfold(state, |state| async { .. }): the stream
		// holds the state, the closure and the future it returns.
		state := w.expr(args[0])
		w.hints[args[1]] = state
		cl := w.expr(args[1])
		sh := &Shape{Con: conFuture, Name: "Unfold", Out: p.g.fresh(), Args: []*Term{state, cl}, seen: map[any]bool{}}
		if fut := p.out(cl); fut != nil {
			sh.Args = append(sh.Args, fut)
			if o := p.out(fut); o != nil {
				// Some((item, next_state)): Option is transparent.
				p.g.unify(o, p.g.withShape(&Shape{Con: conTuple, Args: []*Term{sh.Out, state}}))
			}
		}
		return p.g.withShape(sh), true
	}
	if name == "iter" && strings.HasSuffix(path, "stream") && len(args) == 1 && w.freeFn(name, path, call) == nil {
		return w.expr(args[0]), true // stream::iter(v): a stream is its items
	}
	if (name == "channel" || name == "sync_channel" || name == "unbounded_channel") && strings.HasSuffix(path, "mpsc") && w.freeFn(name, path, call) == nil {
		// `let (tx, rx) = mpsc::channel();`: the two ends of one channel.
		w.exprs(args)
		elem := p.g.fresh()
		rx := "Receiver"
		if strings.HasPrefix(w.f.ModuleAt(call).FullPath(path+"::"+name), "std::sync::mpsc::") {
			rx = stdReceiver
		}
		tx := p.g.withShape(&Shape{Con: conChan, Name: "Sender", Args: []*Term{elem}})
		return p.g.withShape(&Shape{Con: conTuple, Args: []*Term{tx, p.g.withShape(&Shape{Con: conChan, Name: rx, Args: []*Term{elem}})}}), true
	}
	if path != "" {
		return nil, false
	}
	switch name {
	case "Some":
		ts := w.exprs(args)
		if len(ts) == 1 {
			return ts[0], true
		}
		return nil, true
	case "Ok":
		ts := w.exprs(args)
		v := p.g.fresh()
		if len(ts) == 1 {
			v = ts[0]
		}
		return p.g.withShape(&Shape{Con: conResult, Args: []*Term{v, p.g.fresh()}}), true
	case "Err":
		ts := w.exprs(args)
		e := p.g.fresh()
		if len(ts) == 1 {
			e = ts[0]
		}
		return p.g.withShape(&Shape{Con: conResult, Args: []*Term{p.g.fresh(), e}}), true
	case "drop":
		w.exprs(args)
		return nil, true
	}
	return nil, false
}

// stdCall handles `Rc::new(x)`, `Rc::clone(&x)`, `RefCell::new(x)`,
// `Box::pin(x)` and the like.
func (w *walker) stdCall(call, base *ast.Node, path, name string, args []*ast.Node) (*Term, bool) {
	p := w.p
	if sync := syncOnce[w.f.ModuleAt(base).FullPath(path)]; sync != "" {
		// `Lazy::new(|| ..)` of once_cell's unsync Lazy, `OnceCell::new()`.
		ts := w.exprs(args)
		inner := p.g.fresh()
		if len(ts) > 0 && name == "new" {
			if o := p.out(ts[0]); o != nil {
				inner = o // Lazy::new(f): the value f makes
			}
		}
		t := p.g.withShape(&Shape{Con: conCell, Name: "unsync once", Args: []*Term{inner}})
		o := p.occ(w.f, base, OccUnsyncOnce)
		o.SyncPath = sync
		p.attach(o, t)
		return t, true
	}
	kind := w.f.ModuleAt(base).StdKind(path)
	switch kind {
	case "Rc", "Weak", "Arc", "SWeak", "Weak?":
		var occ *Occ
		switch kind {
		case "Rc":
			occ = p.occ(w.f, base, OccRc)
		case "Weak":
			occ = p.occ(w.f, base, OccWeak)
		}
		ts := w.exprs(args)
		var t *Term
		switch name {
		case "new", "from", "default", "new_cyclic", "pin":
			inner := p.g.fresh()
			if len(ts) > 0 && name != "new_cyclic" {
				inner = ts[0]
			}
			t = p.g.withShape(&Shape{Con: conRc, Name: kind, Args: []*Term{inner}})
			if name == "pin" {
				p.attach(occ, t)
				return t, true
			}
		case "clone", "downgrade", "upgrade":
			if len(ts) > 0 {
				t = derefRefs(ts[0])
			}
		case "strong_count", "weak_count", "ptr_eq", "as_ptr", "into_raw", "increment_strong_count", "decrement_strong_count":
			for _, a := range ts {
				x := derefRefs(a)
				if t == nil {
					t = x
				} else {
					p.g.unify(t, x)
				}
			}
			p.attach(occ, t)
			return nil, true
		case "try_unwrap", "into_inner", "unwrap_or_clone", "get_mut", "make_mut":
			if len(ts) > 0 {
				x := derefRefs(ts[0])
				p.attach(occ, x)
				if s := x.shape(conRc); s != nil {
					return s.Args[0], true
				}
			}
			return nil, true
		default:
			if len(ts) > 0 {
				t = derefRefs(ts[0])
			}
		}
		if t == nil {
			t = p.g.withShape(&Shape{Con: conRc, Name: kind, Args: []*Term{p.g.fresh()}})
		}
		if !t.has(conRc) {
			p.g.unify(t, p.g.withShape(&Shape{Con: conRc, Name: kind, Args: []*Term{p.g.fresh()}}))
		}
		p.attach(occ, t)
		return t, true
	case "RefCell", "Mutex", "RwLock":
		ts := w.exprs(args)
		if name != "new" && name != "default" && name != "from" {
			return nil, len(ts) >= 0
		}
		inner := p.g.fresh()
		if len(ts) > 0 {
			inner = ts[0]
		}
		t := p.g.withShape(&Shape{Con: conLock, Name: kind, Args: []*Term{inner}})
		if kind == "RefCell" {
			p.attach(p.occ(w.f, base, OccRefCell), t)
		}
		return t, true
	case "Cell":
		ts := w.exprs(args)
		if name != "new" && name != "default" && name != "from" {
			return nil, true
		}
		inner := p.g.fresh()
		if len(ts) > 0 {
			inner = ts[0]
		}
		t := p.g.withShape(&Shape{Con: conCell, Name: kind, Args: []*Term{inner}})
		o := p.occ(w.f, base, OccCell)
		if len(args) > 0 && o.IntType == "" {
			o.IntType = literalIntType(args[0].Text(w.src))
		}
		p.attach(o, t)
		return t, true
	case "Box", "Pin":
		ts := w.exprs(args)
		switch name {
		case "new", "pin", "from", "new_unchecked", "into_inner":
			if len(ts) > 0 {
				return ts[0], true
			}
		case "leak":
			// Box::leak(b): a &'static mut of the (transparent) box's value,
			// mostly kept as a shared reference (`let c: &'static Cell<_>`).
			if len(ts) > 0 {
				return p.g.withShape(&Shape{Con: conRef, Args: []*Term{ts[0]}}), true
			}
		}
		return nil, true
	}
	return nil, false
}

// literalIntType reads the type of an integer literal with a suffix.
func literalIntType(lit string) string {
	lit = strings.TrimSpace(lit)
	for _, t := range []string{"u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64", "isize"} {
		if strings.HasSuffix(lit, t) && len(lit) > len(t) && lit[0] >= '0' && lit[0] <= '9' {
			return t
		}
	}
	if lit == "true" || lit == "false" {
		return "bool"
	}
	return ""
}

// lockMethods are RefCell's methods; cellMethods Cell's.
var lockMethods = map[string]bool{
	"borrow": true, "borrow_mut": true, "try_borrow": true, "try_borrow_mut": true, "into_inner": true,
	"replace": true, "take": true, "swap": true, "get_mut": true, "replace_with": true, "as_ptr": true,
	"try_borrow_unguarded": true, "lock": true, "try_lock": true, "read": true, "write": true,
	"try_read": true, "try_write": true, "blocking_lock": true,
}

var cellMethods = map[string]bool{
	"get": true, "set": true, "replace": true, "take": true, "into_inner": true, "get_mut": true,
	"update": true, "swap": true, "as_ptr": true,
}

// findShape follows pointers from t to a class with a con shape.
func findShape(t *Term, con string) (*Term, *Shape) {
	for i := 0; i < 12; i++ {
		r := root(t)
		if s := r.shapeOf(con); s != nil {
			return t, s
		}
		s := pointerShape(r)
		if s == nil || len(s.Args) == 0 {
			return nil, nil
		}
		t = s.Args[0]
	}
	return nil, nil
}

func (r *Term) shapeOf(con string) *Shape {
	for _, s := range r.shapes {
		if s.Con == con {
			return s
		}
	}
	return nil
}

func (w *walker) methodCall(call, recvNode *ast.Node, name string, args []*ast.Node) *Term {
	p := w.p
	recv := w.expr(recvNode)
	// RefCell and Cell methods, on the value's actual shape.
	if lockMethods[name] {
		if lt, ls := findShape(recv, conLock); ls != nil {
			ts := w.exprs(args)
			if ls.Name == "RefCell" || hasOcc(lt, OccRefCell) {
				o := p.occ(w.f, call, OccLockCall)
				o.Method = name
				p.attach(o, lt)
			}
			switch name {
			case "replace":
				if len(ts) > 0 {
					p.g.unify(ts[0], ls.Args[0])
				}
			case "swap":
				return nil
			}
			return ls.Args[0]
		}
	}
	if cellMethods[name] {
		if ct, cs := findShape(recv, conCell); cs != nil {
			ts := w.exprs(args)
			o := p.occ(w.f, call, OccCellCall)
			o.Method = name
			p.attach(o, ct)
			switch name {
			case "set", "replace":
				if len(ts) > 0 {
					p.g.unify(ts[0], cs.Args[0])
				}
				if name == "set" {
					return nil
				}
			case "swap", "update":
				return nil
			}
			return cs.Args[0]
		}
	}
	// Methods of the package first: a `fn spawn(&mut self, ..)` of the
	// package's own trait or type spawns nothing by itself.
	fns := w.methodsFor(recv, name)
	if len(fns) == 0 && spawnNames[name] && len(derefAll(recv).Shapes()) == 0 && !p.spawners[name] {
		// `ex.spawn(f)` on a receiver of unknown type, when the package has
		// its own (only) spawn method (a hand-written executor's): that one.
		if own := p.ix.methods[name]; len(own) == 1 && own[0].SelfKind != "" {
			fns = own
		}
	}
	if len(fns) == 0 && (name == "spawn" || name == "spawn_blocking" || name == "spawn_on" || p.spawners[name]) && len(args) >= 1 {
		return w.spawn(call, compact(recvNode.Text(w.src))+"."+name, args)
	}
	if len(fns) == 0 && (localNames[name] || p.local[name]) {
		w.exprs(args)
		return nil
	}
	if len(fns) == 0 && len(args) > 0 && parallelIterator(recvNode, w.src) {
		// `(0..n).into_par_iter().map(|i| self.f(i))`: rayon calls the
		// closure from its threads at once (F: Fn + Send + Sync).
		ts := w.exprs(args)
		for i, a := range args {
			if a.Kind == "closure_expression" && !p.seenSp[a] {
				p.seenSp[a] = true
				p.spawns = append(p.spawns, &Spawn{File: w.f, Call: call, Name: "rayon's " + name, Arg: ts[i], Out: p.g.fresh(), Level: SendSync})
			}
		}
		return nil
	}
	if len(fns) > 0 {
		var res *Term
		for _, f := range fns {
			res = w.join(res, w.callFn(f, recv, args, call))
		}
		if t := w.projectedResult(recv, name, fns); t != nil {
			return t
		}
		return res
	}
	if t := w.projectedResult(recv, name, nil); t != nil {
		w.exprs(args)
		return t
	}
	if t, ok := w.builtinMethod(call, recv, name, args); ok {
		return t
	}
	if fns := p.ix.methods[name]; len(fns) == 1 && fns[0].SelfKind != "" && len(derefAll(recv).Shapes()) == 0 {
		return w.callFn(fns[0], recv, args, call)
	}
	w.exprs(args)
	return nil
}

func hasOcc(t *Term, kind OccKind) bool {
	for _, o := range root(t).occs {
		if o.Kind == kind {
			return true
		}
	}
	return false
}

// methodsFor returns the package methods a call `recv.name(..)` can reach.
func (w *walker) methodsFor(recv *Term, name string) []*FnItem {
	p := w.p
	var out []*FnItem
	seen := map[*FnItem]bool{}
	add := func(f *FnItem) {
		if f != nil && !seen[f] && f.SelfKind != "" {
			seen[f] = true
			out = append(out, f)
		}
	}
	for t, i := recv, 0; i < 12; i++ {
		r := root(t)
		for _, s := range r.shapes {
			switch s.Con {
			case conStruct:
				for _, f := range p.ix.byItem[s.Item][name] {
					add(f)
				}
			case conDyn, conParam, conImpl:
				if s.Trait != nil {
					add(s.Trait.Methods[name])
				}
			}
		}
		if len(out) > 0 {
			return out
		}
		s := pointerShape(r)
		if s == nil || len(s.Args) == 0 {
			break
		}
		t = s.Args[0]
	}
	return out
}

// futureOut returns the output of a future (an async block or fn's, a
// `dyn Future` or a parameter bounded by Future), or nil for other values.
func futureOut(d *Term) *Term {
	for _, s := range d.Shapes() {
		if s.Out != nil && (s.Con == conFuture || (s.Con == conDyn || s.Con == conImpl || s.Con == conParam) && s.Name == "Future") {
			return s.Out
		}
	}
	return nil
}

// iteratorMethods are the futures' combinators an Iterator or an Option
// has too: on `futs.iter().map(..)` (a collection is read as its items)
// they are the iterator's.
var iteratorMethods = map[string]bool{"map": true, "inspect": true, "fuse": true, "and_then": true, "or_else": true}

// itemSources are the methods that make an iterator (or an Option) of a
// collection's items.
var itemSources = map[string]bool{"iter": true, "iter_mut": true, "into_iter": true, "drain": true, "values": true,
	"values_mut": true, "into_values": true, "keys": true, "get": true, "get_mut": true, "first": true, "last": true,
	"pop": true, "pop_front": true, "pop_back": true, "take": true, "as_ref": true, "as_mut": true, "ok": true, "err": true,
	"next": true, "find": true, "par_iter": true, "par_iter_mut": true, "into_par_iter": true}

// overItems reports whether the receiver of the method call is an
// iterator or Option chain (`v.iter().filter(..)`, `map.get(k)`), not a
// future, or a variable (whose type the chain does not show).
func overItems(call *ast.Node, src []byte) bool {
	recv, _, _, ok := ast.MethodCall(call, src)
	for ok && recv != nil {
		if recv.Kind == "identifier" || recv.Kind == "field_expression" {
			return true
		}
		var name string
		inner := recv
		recv, name, _, ok = ast.MethodCall(inner, src)
		if itemSources[name] {
			return true
		}
	}
	return false
}

// futureAdapter handles futures' combinators (FutureExt, TryFutureExt):
// the adapter holds the future it wraps and its closure, and for
// then/and_then/or_else the future the closure returns; the closure's
// parameter is the future's output (its Ok or Err part for the Try
// combinators).
func (w *walker) futureAdapter(d, fo *Term, name string, args []*ast.Node) (*Term, bool) {
	p := w.p
	part := func(i int) *Term {
		if r := fo.shape(conResult); r != nil && len(r.Args) == 2 {
			return r.Args[i]
		}
		return p.g.fresh()
	}
	var param *Term
	switch name {
	case "map", "then", "inspect":
		param = fo
	case "map_ok", "and_then", "inspect_ok":
		param = part(0)
	case "map_err", "or_else", "inspect_err":
		param = part(1)
	case "err_into", "ok_into", "fuse", "unit_error", "never_error":
		w.exprs(args)
		return d, true
	default:
		return nil, false
	}
	if len(args) != 1 {
		return nil, false
	}
	if args[0].Kind == "closure_expression" {
		w.hints[args[0]] = param
	}
	cl := w.expr(args[0])
	res := p.out(cl)
	if res == nil {
		res = p.g.fresh()
	}
	sh := &Shape{Con: conFuture, Name: name, Args: []*Term{d, cl}, seen: map[any]bool{}}
	switch name {
	case "map":
		sh.Out = res
	case "map_ok":
		sh.Out = p.g.withShape(&Shape{Con: conResult, Args: []*Term{res, part(1)}})
	case "map_err":
		sh.Out = p.g.withShape(&Shape{Con: conResult, Args: []*Term{part(0), res}})
	case "inspect", "inspect_ok", "inspect_err":
		sh.Out = fo
	default: // then, and_then, or_else: the closure returns a future
		sh.Args = append(sh.Args, res)
		if o := futureOut(res); o != nil {
			sh.Out = o
		} else {
			sh.Out = p.g.fresh()
		}
	}
	return p.g.withShape(sh), true
}

// builtinMethod handles std methods by name.
func (w *walker) builtinMethod(call *ast.Node, recv *Term, name string, args []*ast.Node) (*Term, bool) {
	p := w.p
	d := derefRefs(recv)
	if fo := futureOut(d); fo != nil && (!iteratorMethods[name] || !overItems(call, w.src)) {
		if t, ok := w.futureAdapter(d, fo, name, args); ok {
			return t, true
		}
	}
	elemHint := func() *Term { return p.elem(d) }
	// Closures given to iterator adapters get the element.
	for _, a := range args {
		if a.Kind == "closure_expression" {
			w.hints[a] = elemHint()
		}
	}
	res := d.shape(conResult)
	mp := derefAll(d).shape(conMap)
	if st := d.shape(conFuture); name == "flatten" && st != nil && st.Name == "Unfold" && len(args) == 0 {
		// A flattened stream holds the stream and the inner stream it is
		// reading (an item of the outer one).
		return p.g.withShape(&Shape{Con: conFuture, Name: "Flatten", Out: p.g.fresh(), Args: []*Term{d, st.Out}, seen: map[any]bool{}}), true
	}
	switch name {
	case "clone", "as_deref", "as_deref_mut", "by_ref", "iter", "iter_mut",
		"into_iter", "drain", "rev", "skip", "skip_while", "take_while", "step_by", "peekable", "fuse",
		"filter", "inspect", "collect", "to_vec", "cloned", "copied", "first", "last", "pop", "pop_front",
		"pop_back", "front", "back", "find", "next", "next_back", "max", "min", "max_by_key", "min_by_key",
		"max_by", "min_by", "upgrade", "lock", "read", "write", "borrow", "borrow_mut", "get_mut", "as_slice",
		"values", "values_mut", "into_values", "get", "remove", "entry", "or_default", "or_insert_with",
		"unwrap", "expect", "unwrap_or_default", "unwrap_or_else", "ok", "unwrap_or",
		"or_insert", "chain", "last_mut", "first_mut", "take", "as_ref", "as_mut",
		"get_or_init", "get_or_try_init", "get_or_insert_with", "flatten":
		ts := w.exprs(args)
		switch name {
		case "get_or_init", "get_or_insert_with", "or_insert_with":
			// `CELL.get_or_init(|| RwLock::new(..))`: the closure makes the
			// value (OnceLock and Option are transparent).
			if len(ts) == 1 {
				if o := p.out(ts[0]); o != nil {
					p.g.unify(o, d)
				}
			}
		}
		if res != nil {
			switch name {
			case "unwrap", "expect", "unwrap_or_default", "unwrap_or_else", "ok", "unwrap_or":
				return res.Args[0], true
			}
		}
		if name == "as_ref" || name == "as_mut" {
			// Rc<T>::as_ref is a &T, and so are Box<T>'s and Option<T>'s
			// (which are transparent).
			con := conRef
			if name == "as_mut" {
				con = conRefMut
			}
			pointee := d
			if rc := d.shape(conRc); rc != nil && len(rc.Args) > 0 {
				pointee = rc.Args[0]
			}
			if len(args) == 0 && d.shape(conRef) == nil && d.shape(conRefMut) == nil {
				return p.g.withShape(&Shape{Con: con, Args: []*Term{pointee}}), true
			}
			if pointee != d {
				return p.g.withShape(&Shape{Con: con, Args: []*Term{pointee}}), true
			}
		}
		if mp != nil {
			switch name {
			case "get", "get_mut", "remove", "values", "values_mut", "into_values", "entry":
				return mp.Args[1], true
			case "iter", "iter_mut", "into_iter", "drain":
				return p.elem(d), true
			}
		}
		switch name {
		case "unwrap_or", "or_insert", "chain":
			if len(ts) > 0 {
				p.g.unify(ts[0], d)
			}
		case "clone", "to_owned":
			return derefRefs(d), true
		}
		return d, true
	case "source", "cause":
		if len(args) > 0 {
			break
		}
		// std's Error::source returns `Option<&(dyn Error + 'static)>`, a
		// type no edit can make Send: what it flows into cannot change
		// either (`successors(Some(e), |e| e.source())`).
		d := p.g.withShape(&Shape{Con: conDyn, Name: "Error", Bounds: &BoundInfo{Trait: "Error", Outer: call}})
		o := p.occ(w.f, call, OccDyn)
		o.Bounds, o.Foreign = &BoundInfo{Trait: "Error", Outer: call}, true
		p.attach(o, d)
		return p.g.withShape(&Shape{Con: conRef, Args: []*Term{d}}), true
	case "err", "unwrap_err", "expect_err":
		w.exprs(args)
		if res != nil {
			return res.Args[1], true
		}
		return nil, true
	case "map_err":
		w.exprs(args)
		if res != nil {
			return p.g.withShape(&Shape{Con: conResult, Args: []*Term{res.Args[0], p.g.fresh()}}), true
		}
		return nil, true
	case "push", "push_back", "push_front", "extend", "append", "send", "try_send", "blocking_send",
		"send_blocking", "insert", "extend_from_slice":
		ts := w.exprs(args)
		if name == "insert" && mp != nil && len(ts) == 2 {
			p.g.unify(ts[0], mp.Args[0])
			p.g.unify(ts[1], mp.Args[1])
			return nil, true
		}
		if name == "insert" && len(ts) == 2 && (len(args) < 1 || args[0].Kind != "integer_literal") {
			// A map not known as one yet (`let mut m = HashMap::new();`,
			// typed later by the field it fills): its value is not its
			// element, as Vec::insert(0, x)'s is. A later walk knows it.
			return nil, true
		}
		if len(ts) > 0 {
			v := ts[len(ts)-1]
			if name == "extend" || name == "append" || name == "extend_from_slice" {
				v = derefRefs(v)
			}
			target := derefAll(d)
			if v.shape(conRc) != nil && d.shape(conRc) != nil {
				// `kids.push(k)` into a Vec<Rc<Node>> (containers are
				// transparent: the Vec's term is its element's): the Rc
				// itself is the element, not something behind a pointer.
				target = d
			}
			p.g.unify(v, target)
		}
		return nil, true
	case "enumerate":
		w.exprs(args)
		return p.g.withShape(&Shape{Con: conTuple, Args: []*Term{p.g.fresh(), d}}), true
	case "zip":
		ts := w.exprs(args)
		if len(ts) == 1 {
			return p.g.withShape(&Shape{Con: conTuple, Args: []*Term{d, ts[0]}}), true
		}
		return nil, true
	case "map", "and_then", "filter_map", "flat_map", "then", "map_or_else":
		ts := w.exprs(args)
		if len(ts) > 0 {
			if o := p.out(ts[len(ts)-1]); o != nil {
				return o, true
			}
		}
		return nil, true
	case "boxed":
		// futures' FutureExt::boxed: the future must be Send.
		w.exprs(args)
		t := p.g.withShape(&Shape{Con: conDyn, Name: "Future", Out: p.g.fresh(), Bounds: &BoundInfo{Trait: "Future", Bits: Send}})
		p.g.unify(t, d)
		p.g.raise(t, Send, &Reason{File: w.f, At: call.Start, End: call.End, Ref: call.Start, Kind: "bound", Name: "boxed"})
		return t, true
	case "boxed_local":
		w.exprs(args)
		t := p.g.withShape(&Shape{Con: conDyn, Name: "Future", Out: p.g.fresh(), Bounds: &BoundInfo{Trait: "Future"}})
		p.g.unify(t, d)
		o := p.occ(w.f, call, OccBoxedLocal)
		p.attach(o, t)
		return t, true
	case "join":
		w.exprs(args)
		if o := p.out(d); o != nil {
			return o, true
		}
		return nil, true
	}
	return nil, false
}
