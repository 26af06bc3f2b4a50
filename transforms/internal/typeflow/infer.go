package typeflow

import (
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// fnInst is one instance of a function's signature: the declaration's own
// (what its body sees), or a call site's for a generic function.
type fnInst struct {
	env       *tenv
	self      *Term // the Self type
	selfParam *Term // the self parameter (&Self, &mut Self, Self)
	params    []*Term
	ret       *Term // the declared return type (for async fns: the output)
	future    *Term // async fns: the future
	result    *Term // what a call evaluates to
}

// instFn instantiates fn's signature: for its declaration (decl), or for
// one call of a generic fn.
func (p *Package) instFn(fn *FnItem, decl bool) *fnInst {
	env := &tenv{generics: map[string]*Term{}}
	for _, g := range fn.Generics {
		if decl {
			env.generics[g.Name] = p.paramTerm(g)
			continue
		}
		// A call's own parameter: its written bounds are requirements
		// on the arguments, and so is what the declaration needs.
		t := p.instParam(g)
		env.generics[g.Name] = t
		if d := fn.decl; d != nil {
			if dt, ok := d.env.generics[g.Name]; ok {
				p.links = append(p.links, [2]*Term{dt, t})
			}
		}
	}
	p.linkBoundOutputs(fn, env)
	switch {
	case fn.Impl != nil && fn.Impl.TypeNode != nil:
		env.self = p.typeTerm(fn.Impl.File, fn.Impl.TypeNode, env)
	case fn.Trait != nil:
		env.self = p.g.withShape(&Shape{Con: conParam, Name: fn.Trait.Name, Trait: fn.Trait, Bounds: &BoundInfo{Trait: fn.Trait.Name, Bits: fn.Trait.Send}})
		if decl && fn.Body != nil && fn.AsyncTrait == "Send" && fn.SelfKind != "" {
			// async_trait asks Self: Sync of a default method taking
			// &self, Self: Send of one taking self otherwise.
			asked := Send
			if fn.SelfKind == "ref" {
				asked = Sync
			}
			if ts := fn.TypedSelf; ts != nil && ts.Child("type") != nil {
				if t := ts.Child("type"); t.Kind == "reference_type" && !strings.Contains(t.Text(fn.File.Src), "mut") {
					asked = Sync // `self: &Self`
				}
			}
			o := p.occ(fn.File, fn.Node, OccTraitSelf)
			o.Trait, o.Bounds = fn.Trait, &BoundInfo{Trait: fn.Trait.Name, Bits: fn.Trait.Send | asked}
			p.attach(o, env.self)
		}
	}
	inst := &fnInst{env: env, self: env.self}
	if env.self != nil {
		switch fn.SelfKind {
		case "value":
			inst.selfParam = env.self
			if fn.TypedSelf != nil && fn.TypedSelf.Child("type") != nil {
				inst.selfParam = p.typeTerm(fn.File, fn.TypedSelf.Child("type"), env)
			}
		case "ref":
			inst.selfParam = p.g.withShape(&Shape{Con: conRef, Args: []*Term{env.self}})
		case "refmut":
			inst.selfParam = p.g.withShape(&Shape{Con: conRefMut, Args: []*Term{env.self}})
		}
	}
	argEnv := &tenv{generics: env.generics, self: env.self, argPos: true}
	for _, prm := range fn.Params {
		inst.params = append(inst.params, p.typeTerm(fn.File, prm.Child("type"), argEnv))
	}
	if fn.Ret != nil {
		p.requireWritten(func() { inst.ret = p.typeTerm(fn.File, fn.Ret, env) })
	} else {
		inst.ret = p.g.fresh()
	}
	inst.result = inst.ret
	if fn.Async {
		inst.future = p.g.withShape(&Shape{Con: conFuture, Name: fn.Name, Out: inst.ret, seen: map[any]bool{}, Node: fn.Node})
		inst.result = inst.future
		if fn.Trait != nil && fn.Body == nil && (fn.AsyncTrait == "" || fn.AsyncTrait == "?Send") {
			// `async fn f(&self) -> T;` in a trait: its future's Send-ness
			// is unknown to generic callers; under #[async_trait(?Send)],
			// it is a boxed future without Send.
			kind := OccAsyncTrait
			if fn.AsyncTrait == "?Send" {
				kind = OccLocalAsyncTrait
			}
			o := p.occ(fn.File, fn.Node, kind)
			o.Bounds = &BoundInfo{Trait: "Future", Outer: fn.Node}
			p.attach(o, inst.future)
		}
	}
	return inst
}

// instAt returns the instance of fn a call uses: the declaration's for a
// non-generic fn, a fresh one (once per call) for a generic fn.
func (p *Package) instAt(fn *FnItem, call *ast.Node, f *File) *fnInst {
	if len(fn.Generics) == 0 || call == nil {
		return fn.decl
	}
	if inst, ok := p.insts[call]; ok && inst != nil {
		return inst
	}
	inst := p.instFn(fn, false)
	p.recordProjections(fn, inst.env, f, call)
	if inst.future != nil {
		// The call's future is the body's future with these arguments.
		sh := inst.future.shape(conFuture)
		for i, t := range inst.params {
			sh.Args = append(sh.Args, t)
			sh.Why = append(sh.Why, nil)
			_ = i
		}
		sh.Args = append(sh.Args, fn.decl.future)
		sh.Why = append(sh.Why, nil)
	}
	p.insts[call] = inst
	return inst
}

type variable struct {
	name string
	term *Term
	ctx  *ctxt
	node *ast.Node
	// moved: its value was moved away unconditionally before the walk got
	// here (`consume(rc);`), never borrowed before: rustc no longer counts
	// it held at a later await. (Once borrowed, `rc.len()`, rustc keeps
	// counting it "maybe used later".) An assignment gives it a value
	// again.
	moved, borrowed bool
}

type scope struct {
	vars  map[string]*variable
	order []*variable
	ctx   *ctxt
}

// ctxt is a body that runs as one unit: a fn, a closure or an async block.
type ctxt struct {
	node   *ast.Node
	parent *ctxt
	async  bool
	move   bool
	shape  *Shape // the future or closure; nil for a non-async fn
	ret    *Term  // what `return` and the tail give
	fn     *FnItem
	temps  []held // for-loop iterators and scrutinees alive here
	refs   map[*variable]*Term
}

type held struct {
	t   *Term
	at  *ast.Node
	key any
}

type walker struct {
	p      *Package
	f      *File
	src    []byte
	scopes []*scope
	ctx    *ctxt
	env    *tenv
	hints  map[*ast.Node]*Term // closure → the term of its first parameter
}

func (p *Package) walkFn(fn *FnItem) {
	inst := fn.decl
	w := &walker{p: p, f: fn.File, src: fn.File.Src, env: inst.env, hints: map[*ast.Node]*Term{}}
	c := &ctxt{node: fn.Node, async: fn.Async, fn: fn, ret: inst.ret}
	if inst.future != nil {
		c.shape = inst.future.shape(conFuture)
		if c.shape == nil {
			for _, s := range inst.future.Shapes() {
				if s.Con == conFuture && s.Node == fn.Node {
					c.shape = s
				}
			}
		}
	}
	w.ctx = c
	w.push()
	if inst.selfParam != nil {
		if params := fn.Node.Child("parameters"); params != nil {
			for _, sp := range params.NamedChildren() {
				if sp.Kind == "self_parameter" || sp == fn.TypedSelf {
					v := w.declare("self", inst.selfParam, sp)
					w.holdParam(v)
				}
			}
		}
	}
	for i, prm := range fn.Params {
		if pat := prm.Child("pattern"); pat != nil && i < len(inst.params) {
			for _, v := range w.bind(pat, inst.params[i]) {
				w.holdParam(v)
			}
		}
	}
	if fn.Body != nil {
		t := w.block(fn.Body)
		if fn.Body.Kind == "block" && tailOf(fn.Body) != nil {
			p.g.join(t, inst.ret, coercesAt(fn.Ret, tailOf(fn.Body), fn.File.Src)) // the value may coerce into the written return type
		}
	}
	w.pop()
}

func (w *walker) holdParam(v *variable) {
	c := w.ctx
	if c.shape == nil {
		return
	}
	w.hold(c, v, v.term, &Reason{File: w.f, At: v.node.Start, End: v.node.End, Ref: v.node.Start, Kind: "param", Name: v.name, Fn: c.fnName(), Owner: c.shape})
}

func (c *ctxt) fnName() string {
	if c.fn != nil && c.node == c.fn.Node {
		return c.fn.Name
	}
	return ""
}

func (p *Package) walkStatics() {
	for _, n := range p.ix.statics {
		f := p.ix.staticF[n]
		w := &walker{p: p, f: f, src: f.Src, env: &tenv{}, hints: map[*ast.Node]*Term{}}
		w.ctx = &ctxt{node: n, ret: p.g.fresh()}
		w.push()
		t := p.staticTerm(n)
		if v := n.Child("value"); v != nil {
			p.g.unify(w.expr(v), t)
		}
		if name := n.Child("name"); n.Kind == "static_item" && name != nil && !n.HasToken(f.Src, "mut") && !threadLocal(n, f.Src) {
			// Every thread may read a static: its type must be Sync.
			p.g.raise(t, Sync, &Reason{File: f, At: name.Start, End: name.End, Ref: name.Start, Kind: "static", Name: name.Text(f.Src)})
		}
		w.pop()
	}
}

// threadLocal reports whether a static is declared by thread_local!, whose
// values stay on their thread (tree-sitter reads its body as items only
// when it is expanded, so this looks at the macro around it).
func threadLocal(n *ast.Node, src []byte) bool {
	for x := n.Parent; x != nil; x = x.Parent {
		if x.Kind == "macro_invocation" {
			return strings.Contains(x.Text(src), "thread_local")
		}
	}
	return false
}

func (p *Package) staticTerm(n *ast.Node) *Term {
	if t, ok := p.bindT[n]; ok {
		return t
	}
	t := p.typeTerm(p.ix.staticF[n], n.Child("type"), nil)
	p.bindT[n] = t
	return t
}

func (w *walker) push() {
	w.scopes = append(w.scopes, &scope{vars: map[string]*variable{}, ctx: w.ctx})
}

func (w *walker) pop() { w.scopes = w.scopes[:len(w.scopes)-1] }

func (w *walker) declare(name string, t *Term, node *ast.Node) *variable {
	bt, ok := w.p.bindT[node]
	if !ok {
		bt = w.p.g.fresh()
		w.p.bindT[node] = bt
	}
	w.p.g.unify(bt, t)
	v := &variable{name: name, term: bt, ctx: w.ctx, node: node}
	s := w.scopes[len(w.scopes)-1]
	s.vars[name] = v
	s.order = append(s.order, v)
	return v
}

// lookup resolves a variable, recording captures of the closures and
// async blocks between the use and the binding.
func (w *walker) lookup(name string, use *ast.Node) *variable {
	for i := len(w.scopes) - 1; i >= 0; i-- {
		v, ok := w.scopes[i].vars[name]
		if !ok {
			continue
		}
		for c := w.ctx; c != nil && c != v.ctx; c = c.parent {
			if c.shape != nil {
				w.capture(c, v, use)
			}
		}
		return v
	}
	return nil
}

func (w *walker) capture(c *ctxt, v *variable, use *ast.Node) {
	t := v.term
	if !c.move && !movingUse(use) {
		if c.refs == nil {
			c.refs = map[*variable]*Term{}
		}
		r, ok := c.refs[v]
		if !ok {
			r = w.p.g.withShape(&Shape{Con: conRef, Args: []*Term{v.term}})
			c.refs[v] = r
		}
		t = r
	}
	w.hold(c, v, t, &Reason{File: w.f, At: use.Start, End: use.End, Ref: c.node.Start, Kind: "capture", Name: v.name, Owner: c.shape})
}

// movesAway reports whether the use u of v moves v's value out for good
// before anything later in its block: u is a whole argument of a call or
// the value of a `let`, in a statement without an await, reached from v's
// block through blocks only (not a branch, loop body or closure), and v
// holds an Rc, a RefCell or Mutex or a Cell, never Copy (a reference would
// be copied, not moved). A trait object's class is a Box's (a `&dyn`
// has a reference shape as well).
func (w *walker) movesAway(v *variable, u *ast.Node) bool {
	if !movingUse(u) || u.Parent.Kind != "arguments" && u.Parent.Kind != "let_declaration" {
		return false
	}
	if v.term.shape(conRef) != nil || v.term.shape(conRefMut) != nil ||
		v.term.shape(conRc) == nil && v.term.shape(conLock) == nil && v.term.shape(conCell) == nil && v.term.shape(conDyn) == nil {
		return false
	}
	for x := u.Parent; x != nil; x = x.Parent {
		switch x.Kind {
		case "block":
			if x.Contains(v.node) {
				return true
			}
		case "expression_statement", "let_declaration":
			if x.Parent != nil && x.Parent.Kind == "block" && len(ast.AwaitPointsIn(x, w.ctx.node, w.src)) > 0 {
				return false
			}
		case "arguments", "call_expression", "field_expression", "reference_expression", "parenthesized_expression", "try_expression":
		default:
			return false
		}
	}
	return false
}

// movingUse reports whether a variable's use moves it (`f(x)`, `let y =
// x`, `S { x }`): a closure that is not `move` captures such a variable by
// value, which needs it Send, not Sync.
func movingUse(use *ast.Node) bool {
	p := use.Parent
	if p == nil {
		return false
	}
	switch p.Kind {
	case "arguments", "array_expression", "tuple_expression", "return_expression", "shorthand_field_initializer":
		return true
	case "let_declaration":
		return p.Child("value") == use
	case "field_initializer":
		return p.Child("value") == use
	}
	return false
}

// hold records that the future or closure of c holds t.
func (w *walker) hold(c *ctxt, key any, t *Term, why *Reason) {
	s := c.shape
	if s == nil {
		return
	}
	if s.seen == nil {
		s.seen = map[any]bool{}
	}
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	s.Args = append(s.Args, t)
	s.Why = append(s.Why, why)
}

// memo keeps one term per expression node across passes.
func (w *walker) memo(n *ast.Node, t *Term) *Term {
	if t == nil {
		t = w.p.g.fresh()
	}
	if m, ok := w.p.exprT[n]; ok {
		w.p.g.unify(m, t)
		return m
	}
	w.p.exprT[n] = t
	return t
}

// block walks a block and returns the term of its value.
func (w *walker) block(n *ast.Node) *Term {
	if n == nil {
		return w.p.g.fresh()
	}
	if n.Kind != "block" {
		return w.expr(n)
	}
	w.push()
	defer w.pop()
	var last *Term
	for _, c := range n.Children {
		if !c.Named {
			continue
		}
		switch c.Kind {
		case "let_declaration":
			w.let(c)
		case "expression_statement":
			if e := firstNamedChild(c); e != nil {
				t := w.expr(e)
				if tailStatement(c) {
					last = t // `async move { .. }` or an `if`/`match` as the block's value
				}
			}
		case "line_comment", "block_comment", "function_item", "struct_item", "enum_item", "impl_item",
			"trait_item", "use_declaration", "const_item", "static_item", "type_item", "mod_item",
			"macro_definition", "attribute_item", "inner_attribute_item", "empty_statement":
		default:
			t := w.expr(c)
			if ast.IsTail(c) {
				last = t
			}
		}
	}
	if last == nil {
		return w.p.g.fresh()
	}
	return last
}

func tailOf(block *ast.Node) *ast.Node {
	for i := len(block.Children) - 1; i >= 0; i-- {
		c := block.Children[i]
		if !c.Named || c.Kind == "line_comment" || c.Kind == "block_comment" {
			continue
		}
		if ast.IsTail(c) {
			return c
		}
		if tailStatement(c) {
			return firstNamedChild(c)
		}
		return nil
	}
	return nil
}

// tailStatement reports whether c is a block's last item and an
// expression statement without a semicolon: tree-sitter reads a
// block-like tail (`async move { .. }`, `if .. { } else { }`, `match`) as
// a statement, but it is the block's value.
func tailStatement(c *ast.Node) bool {
	if c.Kind != "expression_statement" || c.Parent == nil || c.Parent.Kind != "block" {
		return false
	}
	for _, t := range c.Children {
		if !t.Named && t.Kind == ";" {
			return false
		}
	}
	kids := c.Parent.Children
	for i := len(kids) - 1; i >= 0; i-- {
		k := kids[i]
		if !k.Named || k.Kind == "line_comment" || k.Kind == "block_comment" {
			continue
		}
		return k == c
	}
	return false
}

func (w *walker) let(n *ast.Node) {
	var t *Term
	if v := n.Child("value"); v != nil {
		t = w.expr(v)
	} else {
		t = w.p.g.fresh()
	}
	if typ := n.Child("type"); typ != nil {
		tt, ok := w.p.exprT[typ]
		if !ok {
			tt = w.p.typeTerm(w.f, typ, w.env)
			w.p.exprT[typ] = tt
		}
		w.p.g.join(t, tt, coercionSite(typ, w.src))
		t = tt // the variable has the written type (`Box<dyn Store>`), the value may coerce into it
	}
	if alt := n.Child("alternative"); alt != nil {
		w.block(alt)
	}
	if pat := n.Child("pattern"); pat != nil {
		w.bind(pat, t)
	}
}

// bind declares the variables of a pattern matched against a value of t.
func (w *walker) bind(pat *ast.Node, t *Term) []*variable {
	p := w.p
	var out []*variable
	switch pat.Kind {
	case "identifier":
		if name := pat.Text(w.src); name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			break // `None`, a unit variant or a const: matched, not bound
		}
		out = append(out, w.declare(pat.Text(w.src), t, pat))
	case "self":
		out = append(out, w.declare("self", t, pat))
	case "mut_pattern", "ref_pattern", "captured_pattern", "match_pattern":
		for _, c := range pat.NamedChildren() {
			if c.Kind != "mutable_specifier" && c.Field() != "condition" {
				out = append(out, w.bind(c, t)...)
				break
			}
		}
	case "reference_pattern":
		if c := firstNamedChild(pat); c != nil {
			out = append(out, w.bind(c, derefOne(t))...)
		}
	case "tuple_pattern":
		elems := pat.NamedChildren()
		d := derefAll(t)
		if m := d.shape(conMap); m != nil && len(elems) == 2 {
			out = append(out, w.bind(elems[0], m.Args[0])...)
			out = append(out, w.bind(elems[1], m.Args[1])...)
			break
		}
		tu := d.shape(conTuple)
		if tu == nil || len(tu.Args) != len(elems) {
			var args []*Term
			for range elems {
				args = append(args, p.g.fresh())
			}
			nt := p.g.withShape(&Shape{Con: conTuple, Args: args})
			p.g.unify(d, nt)
			tu = &Shape{Args: args}
		}
		for i, e := range elems {
			out = append(out, w.bind(e, tu.Args[i])...)
		}
	case "tuple_struct_pattern":
		typ := pat.Child("type")
		name := lastSeg(text(typ, w.src))
		var elems []*ast.Node
		for _, c := range pat.NamedChildren() {
			if c.Field() != "type" {
				elems = append(elems, c)
			}
		}
		d := derefAll(t)
		switch name {
		case "Some":
			for _, e := range elems {
				out = append(out, w.bind(e, d)...)
			}
		case "Ok", "Err":
			r := d.shape(conResult)
			for _, e := range elems {
				switch {
				case r != nil && name == "Ok":
					out = append(out, w.bind(e, r.Args[0])...)
				case r != nil:
					out = append(out, w.bind(e, r.Args[1])...)
				case name == "Ok":
					out = append(out, w.bind(e, d)...)
				default:
					out = append(out, w.bind(e, p.g.fresh())...)
				}
			}
		default:
			st, prefix := w.variantStruct(typ)
			var sh *Shape
			if st != nil {
				sh = w.structShape(d, st)
			}
			for i, e := range elems {
				ft := p.g.fresh()
				if sh != nil {
					if x := p.field(sh, prefix+itoa(i)); x != nil {
						ft = x
					}
				}
				out = append(out, w.bind(e, ft)...)
			}
		}
	case "struct_pattern":
		typ := pat.Child("type")
		st, prefix := w.variantStruct(typ)
		d := derefAll(t)
		var sh *Shape
		if st != nil {
			sh = w.structShape(d, st)
		}
		for _, fp := range pat.NamedChildren() {
			if fp.Kind != "field_pattern" {
				continue
			}
			name := fp.Child("name")
			if name == nil {
				continue
			}
			ft := p.g.fresh()
			if sh != nil {
				if x := p.field(sh, prefix+name.Text(w.src)); x != nil {
					ft = x
				}
			}
			if sub := fp.Child("pattern"); sub != nil {
				out = append(out, w.bind(sub, ft)...)
			} else {
				out = append(out, w.declare(name.Text(w.src), ft, name))
			}
		}
	case "slice_pattern":
		for _, c := range pat.NamedChildren() {
			out = append(out, w.bind(c, t)...)
		}
	case "or_pattern":
		for _, c := range pat.NamedChildren() {
			out = append(out, w.bind(c, t)...)
		}
	}
	return out
}

// variantStruct resolves the type of a struct or tuple-struct pattern or
// expression: a struct, or an enum and the variant's field prefix.
func (w *walker) variantStruct(typ *ast.Node) (*StructItem, string) {
	if typ == nil {
		return nil, ""
	}
	written := compact(typ.Text(w.src))
	if i := strings.Index(written, "<"); i >= 0 {
		written = written[:i]
	}
	name := lastSeg(written)
	if name == "Self" && w.env.self != nil {
		if s := derefAll(w.env.self).shape(conStruct); s != nil {
			return s.Item, ""
		}
	}
	if st := w.p.structAtPath(w.f, typ, written); st != nil && !st.Enum {
		return st, ""
	}
	if i := strings.LastIndex(written, "::"); i >= 0 {
		enum := lastSeg(written[:i])
		if enum == "Self" && w.env.self != nil {
			if s := derefAll(w.env.self).shape(conStruct); s != nil {
				return s.Item, name + "."
			}
		}
		if st := w.p.structAt(w.f, typ, enum); st != nil && st.Enum {
			return st, name + "."
		}
	}
	return nil, ""
}

// structShape gives t the shape of struct st, or returns the one it has.
func (w *walker) structShape(t *Term, st *StructItem) *Shape {
	for _, s := range t.Shapes() {
		if s.Con == conStruct && s.Item == st {
			return s
		}
	}
	var args []*Term
	for range st.Params {
		args = append(args, w.p.g.fresh())
	}
	sh := &Shape{Con: conStruct, Name: st.Name, Item: st, Args: args}
	w.p.g.unify(t, w.p.g.withShape(sh))
	for _, s := range t.Shapes() {
		if s.Con == conStruct && s.Item == st {
			return s
		}
	}
	return sh
}

// pointerShape returns the shape through which a value of r's class is
// read as another (a reference, an Rc or Arc, a channel end), or nil.
func pointerShape(r *Term) *Shape { return shapeIn(r, conRef, conRefMut, conRc, conChan) }

func derefOne(t *Term) *Term {
	if s := pointerShape(root(t)); s != nil && len(s.Args) > 0 {
		return s.Args[0]
	}
	return t
}

// derefAll follows references and shared pointers to what they point at.
func derefAll(t *Term) *Term {
	for i := 0; i < 12; i++ {
		s := pointerShape(root(t))
		if s == nil || len(s.Args) == 0 {
			return t
		}
		t = s.Args[0]
	}
	return t
}

// derefRefs follows references only.
func derefRefs(t *Term) *Term {
	for i := 0; i < 12; i++ {
		s := shapeIn(root(t), conRef, conRefMut)
		if s == nil || len(s.Args) == 0 {
			return t
		}
		t = s.Args[0]
	}
	return t
}

// elem is what iterating over (or indexing) a value of t yields.
func (p *Package) elem(t *Term) *Term {
	d := derefAll(t)
	if m := d.shape(conMap); m != nil {
		return p.g.withShape(&Shape{Con: conTuple, Args: []*Term{m.Args[0], m.Args[1]}})
	}
	return t
}

// linkBoundOutputs joins a generic parameter's output to the parameter it
// names (`F: FnMut(Trx) -> Fut`, `F: Future<Output = T>`): what a closure
// given for F returns is a Fut, whose values the fn may hold.
func (p *Package) linkBoundOutputs(fn *FnItem, env *tenv) {
	for _, g := range fn.Generics {
		t := env.generics[g.Name]
		if t == nil {
			continue
		}
		for _, b := range g.Bounds {
			for _, c := range b.NamedChildren() {
				var outType *ast.Node
				switch c.Kind {
				case "function_type":
					outType = c.Child("return_type")
				case "generic_type":
					if lastSeg(text(c.Child("type"), g.File.Src)) == "Future" {
						outType = bindingOf(c, "Output", g.File.Src)
					}
				}
				if outType == nil {
					continue
				}
				if named := env.generics[compact(outType.Text(g.File.Src))]; named != nil {
					if named != t {
						p.g.unify(p.out(t), named)
					}
				} else if o := p.out(t); o != nil && mentionsGeneric(outType, env, g.File.Src) {
					// `Fut: Future<Output = Vec<T>>`: the output holds a T.
					p.g.unify(o, p.typeTerm(g.File, outType, env))
				}
			}
		}
	}
}

// mentionsGeneric reports whether the type n names one of env's generic
// parameters.
func mentionsGeneric(n *ast.Node, env *tenv, src []byte) bool {
	found := false
	n.Walk(func(x *ast.Node) bool {
		if x.Kind == "type_identifier" && env.generics[x.Text(src)] != nil {
			found = true
		}
		return !found
	})
	return found
}

// bindingOf returns the type bound to name in a generic type's arguments
// (`Output = T` of `Future<Output = T>`), or nil.
func bindingOf(gt *ast.Node, name string, src []byte) *ast.Node {
	args := gt.Child("type_arguments")
	if args == nil {
		return nil
	}
	for _, a := range args.NamedChildren() {
		if a.Kind == "type_binding" && text(a.Child("name"), src) == name {
			return a.Child("type")
		}
	}
	return nil
}

// out returns the output of a future, closure or Fn-like value.
func (p *Package) out(t *Term) *Term {
	d := derefAll(t)
	for _, s := range d.Shapes() {
		switch s.Con {
		case conFuture, conClosure, conDyn, conImpl, conParam:
			if s.Out != nil {
				return s.Out
			}
		}
	}
	return nil
}

// expr walks an expression and returns the term of its value.
func (w *walker) expr(n *ast.Node) *Term {
	if n == nil {
		return w.p.g.fresh()
	}
	return w.memo(n, w.expr1(n))
}

func (w *walker) expr1(n *ast.Node) *Term {
	p := w.p
	switch n.Kind {
	case "identifier":
		if v := w.lookup(n.Text(w.src), n); v != nil {
			switch {
			case v.ctx == w.ctx && w.movesAway(v, n):
				v.moved = !v.borrowed
			case !movingUse(n) || v.ctx != w.ctx:
				v.borrowed = true
			}
			return v.term
		}
		if st, ok := p.ix.statics[n.Text(w.src)]; ok {
			return p.staticTerm(st)
		}
		// A fn passed by name (`top.start("a", ticker)`): a callable whose
		// output is the fn's result, its future for an async fn.
		if n.Parent != nil && n.Parent.Kind == "arguments" {
			if fn := w.freeFn(n.Text(w.src), "", n); fn != nil && fn.Impl == nil && fn.Trait == nil {
				inst := p.instAt(fn, n, w.f)
				return p.g.withShape(&Shape{Con: conClosure, Out: inst.result})
			}
		}
		// `let g = Gauge;`: a unit struct's value.
		if name := n.Text(w.src); name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			if st, prefix := w.variantStruct(n); st != nil && prefix == "" && len(st.Fields) == 0 {
				t := p.g.fresh()
				w.structShape(t, st)
				return t
			}
		}
		return nil
	case "self":
		if v := w.lookup("self", n); v != nil {
			return v.term
		}
		return nil
	case "scoped_identifier":
		// A unit enum variant, a const, a path to a static.
		if st, prefix := w.variantStruct(n); st != nil && prefix != "" {
			return p.g.withShape(&Shape{Con: conStruct, Name: st.Name, Item: st, Args: freshN(p, len(st.Params))})
		}
		if st, ok := p.ix.statics[lastSeg(n.Text(w.src))]; ok {
			return p.staticTerm(st)
		}
		return nil
	case "parenthesized_expression":
		return w.expr(firstNamedChild(n))
	case "reference_expression":
		con := conRef
		for _, c := range n.Children {
			if c.Kind == "mutable_specifier" {
				con = conRefMut
			}
		}
		return p.g.withShape(&Shape{Con: con, Args: []*Term{w.expr(n.Child("value"))}})
	case "unary_expression":
		inner := w.expr(firstNamedChild(n))
		if strings.HasPrefix(n.Text(w.src), "*") {
			return derefOne(inner)
		}
		return nil
	case "try_expression":
		inner := w.expr(firstNamedChild(n))
		d := derefRefs(inner)
		if r := d.shape(conResult); r != nil {
			if e := w.errTerm(); e != nil {
				if st := packageStruct(root(e)); st != nil {
					// Into the package's own error type: through its From
					// impls, whose parameter the error flows into (the
					// variant that keeps it decides what it must be).
					for _, from := range p.fromImpls(st.Item) {
						inst := p.instAt(from, n, w.f)
						if len(inst.params) != 1 {
							continue
						}
						prm, val := root(inst.params[0]), root(r.Args[1])
						if g := shapeIn(prm, conParam); g != nil {
							// `impl<E: Error + Send + Sync> From<E>`: its bounds
							// are what the converted error must be.
							if g.Bounds != nil && g.Bounds.Bits != None {
								p.g.raise(val, g.Bounds.Bits, &Reason{File: w.f, At: n.Start, End: n.End, Ref: n.Start, Kind: "bound", Name: "?"})
							}
							continue
						}
						if shapeIn(prm, conDyn) != nil && shapeIn(val, conDyn) != nil && !objectsDiffer(prm, val) {
							p.g.flow(r.Args[1], inst.params[0])
						}
					}
				} else {
					// `?` converts the error with From: what the function's
					// error must be, a boxed error it converts from must be
					// too (no From turns Box<dyn Error> into Box<dyn Error +
					// Send>), but not the other way round.
					p.links = append(p.links, [2]*Term{e, r.Args[1]})
				}
			}
			return r.Args[0]
		}
		return d
	case "await_expression":
		return w.await(n)
	case "call_expression":
		return w.call(n)
	case "field_expression":
		base := w.expr(n.Child("value"))
		f := n.Child("field")
		if f == nil {
			return nil
		}
		return w.fieldOf(base, f.Text(w.src))
	case "struct_expression":
		return w.structLit(n)
	case "tuple_expression":
		var args []*Term
		for _, c := range n.NamedChildren() {
			if c.Kind == "line_comment" || c.Kind == "block_comment" || c.Kind == "attribute_item" {
				continue
			}
			args = append(args, w.expr(c))
		}
		return p.g.withShape(&Shape{Con: conTuple, Args: args})
	case "array_expression":
		var first *Term
		for _, c := range n.NamedChildren() {
			if c.Kind == "line_comment" || c.Kind == "block_comment" || c.Field() == "length" {
				if c.Field() == "length" {
					w.expr(c)
				}
				continue
			}
			t := w.expr(c)
			if first == nil {
				first = t
			} else {
				p.g.unify(first, t)
			}
		}
		return first
	case "macro_invocation":
		return w.macro(n)
	case "block", "unsafe_block":
		if n.Kind == "unsafe_block" {
			for _, c := range n.NamedChildren() {
				if c.Kind == "block" {
					return w.block(c)
				}
			}
			return nil
		}
		return w.block(n)
	case "async_block":
		return w.asyncBlock(n)
	case "closure_expression":
		return w.closure(n)
	case "if_expression":
		return w.ifExpr(n)
	case "match_expression":
		return w.match(n)
	case "for_expression":
		iter := w.expr(n.Child("value"))
		w.push()
		c := w.ctx
		c.temps = append(c.temps, held{t: iter, at: n.Child("value"), key: n})
		if pat := n.Child("pattern"); pat != nil {
			w.bind(pat, p.elem(iter))
		}
		w.block(n.Child("body"))
		c.temps = c.temps[:len(c.temps)-1]
		w.pop()
		return nil
	case "while_expression":
		w.push()
		c := w.ctx
		pushed := w.condition(n.Child("condition"), n)
		w.block(n.Child("body"))
		c.temps = c.temps[:len(c.temps)-pushed]
		w.pop()
		return nil
	case "loop_expression":
		w.block(n.Child("body"))
		return nil
	case "return_expression":
		if v := firstNamedChild(n); v != nil {
			var ret *ast.Node
			if c := w.ctx; c != nil && c.fn != nil && c.node == c.fn.Node {
				ret = c.fn.Ret
			}
			p.g.join(w.expr(v), w.ctx.ret, coercesAt(ret, v, w.src))
		}
		return nil
	case "assignment_expression":
		l := w.expr(n.Child("left"))
		r := w.expr(n.Child("right"))
		p.g.unify(l, r)
		if left := n.Child("left"); left != nil && left.Kind == "identifier" {
			if v := w.lookup(left.Text(w.src), left); v != nil {
				v.moved = false
			}
		}
		return nil
	case "index_expression":
		kids := n.NamedChildren()
		if len(kids) == 0 {
			return nil
		}
		base := w.expr(kids[0])
		for _, k := range kids[1:] {
			w.expr(k)
		}
		d := derefAll(base)
		if m := d.shape(conMap); m != nil {
			return m.Args[1]
		}
		return d
	case "generic_function":
		return w.expr(n.Child("function"))
	case "type_cast_expression":
		// `Box::new(Sum(0)) as Box<dyn Handler>`: a trait object, whose
		// written type must change with the others of its class. The
		// value cast is not joined to it: a requirement on the concrete
		// type (`Struct: Sync` for an #[async_trait] `&self`) is none on
		// the object. (A numeric cast is a new value.)
		w.expr(n.Child("value"))
		if typ := n.Child("type"); typ != nil && ast.ContainsWord(w.src[typ.Start:typ.End], "dyn") {
			return p.typeTerm(w.f, typ, w.env)
		}
		return nil
	}
	// Anything else: walk the children, the value is something new.
	for _, c := range n.Children {
		if c.Named && !isTypeNode(c) {
			w.expr(c)
		}
	}
	return nil
}

func isTypeNode(n *ast.Node) bool {
	switch n.Field() {
	case "type", "type_arguments":
		return true
	}
	switch n.Kind {
	case "type_identifier", "primitive_type", "type_arguments", "lifetime", "line_comment", "block_comment":
		return true
	}
	return false
}

func freshN(p *Package, n int) []*Term {
	var out []*Term
	for i := 0; i < n; i++ {
		out = append(out, p.g.fresh())
	}
	return out
}

// errTerm returns the error type `?` converts into in the current body.
// fromImpls returns the `from` fns of the package's `impl From<..> for S`.
func (p *Package) fromImpls(s *StructItem) []*FnItem {
	var out []*FnItem
	for _, fn := range p.ix.byItem[s]["from"] {
		if fn.Impl != nil && fn.Impl.Trait == "From" && len(fn.Params) == 1 {
			out = append(out, fn)
		}
	}
	return out
}

func (w *walker) errTerm() *Term {
	r := derefAll(w.ctx.ret).shape(conResult)
	if r == nil {
		return nil
	}
	return r.Args[1]
}

// condition walks an if/while condition; a `let` binds into the current
// scope and its scrutinee stays alive over the body. It returns the number
// of temporaries pushed.
func (w *walker) condition(cond *ast.Node, owner *ast.Node) int {
	if cond == nil {
		return 0
	}
	switch cond.Kind {
	case "let_condition":
		t := w.expr(cond.Child("value"))
		w.ctx.temps = append(w.ctx.temps, held{t: t, at: cond.Child("value"), key: cond})
		if pat := cond.Child("pattern"); pat != nil {
			w.bind(pat, t)
		}
		return 1
	case "let_chain":
		n := 0
		for _, c := range cond.NamedChildren() {
			n += w.condition(c, owner)
		}
		return n
	}
	w.expr(cond)
	return 0
}

func (w *walker) ifExpr(n *ast.Node) *Term {
	p := w.p
	w.push()
	c := w.ctx
	pushed := w.condition(n.Child("condition"), n)
	t := w.block(n.Child("consequence"))
	c.temps = c.temps[:len(c.temps)-pushed]
	w.pop()
	if alt := n.Child("alternative"); alt != nil {
		for _, a := range alt.NamedChildren() {
			var at *Term
			switch a.Kind {
			case "block":
				at = w.block(a)
			case "if_expression":
				at = w.expr(a)
			default:
				continue
			}
			p.g.unify(t, at)
		}
	}
	return t
}

func (w *walker) match(n *ast.Node) *Term {
	p := w.p
	scrut := w.expr(n.Child("value"))
	c := w.ctx
	c.temps = append(c.temps, held{t: scrut, at: n.Child("value"), key: n})
	var result *Term
	if body := n.Child("body"); body != nil {
		for _, arm := range body.NamedChildren() {
			if arm.Kind != "match_arm" {
				continue
			}
			w.push()
			if pat := arm.Child("pattern"); pat != nil {
				w.bind(pat, scrut)
				if cond := pat.Child("condition"); cond != nil {
					w.expr(cond)
				}
			}
			v := w.expr(arm.Child("value"))
			if result == nil {
				result = v
			} else {
				p.g.unify(result, v)
			}
			w.pop()
		}
	}
	c.temps = c.temps[:len(c.temps)-1]
	return result
}

// holdScope holds, at the await point n (an .await, or a select! or
// join! that awaits in place), every variable in scope in the current
// future and the temporaries alive there.
func (w *walker) holdScope(n *ast.Node) {
	c := w.ctx
	for i := len(w.scopes) - 1; i >= 0 && w.scopes[i].ctx == c; i-- {
		for _, v := range w.scopes[i].order {
			if w.scopes[i].vars[v.name] != v {
				continue // shadowed in the same scope: still alive, but reported once
			}
			if v.moved || awaitsVariable(n, v.name, w.src) {
				continue // `fut.await` moves fut: it is held as the awaited future
			}
			w.hold(c, v, v.term, &Reason{File: w.f, At: v.node.Start, End: v.node.End, Ref: n.Start, Kind: "held", Name: v.name, Fn: c.fnName(), Owner: c.shape})
		}
	}
	for _, h := range c.temps {
		w.hold(c, h.key, h.t, &Reason{File: w.f, At: h.at.Start, End: h.at.End, Ref: n.Start, Kind: "held", Name: h.at.Text(w.src), Fn: c.fnName(), Owner: c.shape})
	}
}

// awaitsVariable reports whether the await point n is `name.await`.
func awaitsVariable(n *ast.Node, name string, src []byte) bool {
	if n.Kind != "await_expression" {
		return false
	}
	inner := ast.Unparen(firstNamedChild(n))
	return inner != nil && inner.Kind == "identifier" && inner.Text(src) == name
}

// await walks `e.await`: the awaited future, every variable in scope and
// the temporaries alive here are held across it.
func (w *walker) await(n *ast.Node) *Term {
	p := w.p
	inner := firstNamedChild(n)
	t := w.expr(inner)
	if f := w.intoFuture(t, n); f != nil {
		t = f
	}
	c := w.ctx
	if c.shape != nil && c.async {
		w.hold(c, n, t, &Reason{File: w.f, At: inner.Start, End: inner.End, Ref: n.Start, Kind: "await", Fn: c.fnName(), Owner: c.shape})
		w.holdCallArgs(c, inner, n)
		w.holdScope(n)
	}
	if o := p.out(t); o != nil {
		return o
	}
	return nil
}

// intoFuture returns the future `.await` makes of a value of a package
// struct through its IntoFuture impl (`Call(9).await` is
// `Call(9).into_future().await`), or nil.
func (w *walker) intoFuture(t *Term, await *ast.Node) *Term {
	for _, sh := range t.Shapes() {
		if sh.Con != conStruct || sh.Item == nil {
			continue
		}
		for _, fn := range w.p.ix.byItem[sh.Item]["into_future"] {
			if fn.Impl != nil && fn.Impl.Trait == "IntoFuture" {
				return w.callFn(fn, t, nil, await)
			}
		}
	}
	return nil
}

// holdCallArgs: a future made by a call the analysis cannot see into
// (`tx.send(v)`, `join_all(futs)`) holds its arguments and receiver.
func (w *walker) holdCallArgs(c *ctxt, e *ast.Node, await *ast.Node) {
	e = ast.Unparen(e)
	if e == nil || e.Kind != "call_expression" {
		return
	}
	if t, ok := w.p.exprT[e]; ok && w.p.out(t) != nil {
		return // a future of the package: what it holds is known
	}
	var parts []*ast.Node
	if fn := e.Child("function"); fn != nil && fn.Kind == "field_expression" {
		parts = append(parts, fn.Child("value"))
	}
	if args := e.Child("arguments"); args != nil {
		parts = append(parts, args.NamedChildren()...)
	}
	for _, a := range parts {
		if a == nil {
			continue
		}
		if t, ok := w.p.exprT[a]; ok {
			w.hold(c, a, t, &Reason{File: w.f, At: a.Start, End: a.End, Ref: await.Start, Kind: "held", Name: a.Text(w.src), Fn: c.fnName(), Owner: c.shape})
		}
	}
}

// asyncBlock walks an async block: a future of its own.
func (w *walker) asyncBlock(n *ast.Node) *Term {
	p := w.p
	c := w.enter(n, true)
	t := p.g.withShape(c.shape)
	if m, ok := p.exprT[n]; ok {
		t = m
	} else {
		p.exprT[n] = t
	}
	saved := w.scopes
	w.push()
	body := n.Child("body")
	if body == nil {
		for _, x := range n.NamedChildren() {
			if x.Kind == "block" {
				body = x
			}
		}
	}
	v := w.block(body)
	p.g.unify(v, c.ret)
	w.pop()
	w.scopes = saved
	w.ctx = c.parent
	return t
}

// enter starts the body of an async block or closure.
func (w *walker) enter(n *ast.Node, async bool) *ctxt {
	p := w.p
	c, ok := p.ctxs[n]
	if !ok {
		con := conClosure
		if async {
			con = conFuture
		}
		sh := &Shape{Con: con, Out: p.g.fresh(), seen: map[any]bool{}, Node: n}
		c = &ctxt{node: n, async: async, move: n.HasToken(w.src, "move"), shape: sh, ret: sh.Out}
		p.ctxs[n] = c
	}
	c.parent = w.ctx
	c.fn = w.ctx.fn
	c.temps = nil
	w.ctx = c
	return c
}

func (w *walker) closure(n *ast.Node) *Term {
	p := w.p
	async := strings.HasPrefix(n.Text(w.src), "async")
	c := w.enter(n, false)
	t, ok := p.exprT[n]
	if !ok {
		t = p.g.withShape(c.shape)
		p.exprT[n] = t
	}
	w.push()
	if params := n.Child("parameters"); params != nil {
		first := true
		for _, prm := range params.NamedChildren() {
			var pt *Term
			pat := prm
			if prm.Kind == "parameter" {
				pat = prm.Child("pattern")
				if typ := prm.Child("type"); typ != nil {
					pt = p.typeTerm(w.f, typ, w.env)
				}
			}
			if pt == nil {
				pt = p.g.fresh()
			}
			if first {
				if h, ok := w.hints[n]; ok {
					p.g.unify(pt, h)
				}
				first = false
			}
			if pat != nil {
				w.bind(pat, pt)
			}
		}
	}
	// `async move |x| ..`: the closure's body awaits in its own future,
	// which holds what the closure holds.
	c.async = async
	v := w.block(n.Child("body"))
	p.g.unify(v, c.ret)
	w.pop()
	w.ctx = c.parent
	return t
}

// fieldOf returns the term of `base.name`.
func (w *walker) fieldOf(base *Term, name string) *Term {
	p := w.p
	d := derefAll(base)
	if name != "" && name[0] >= '0' && name[0] <= '9' {
		if tu := d.shape(conTuple); tu != nil {
			i := atoi(name)
			if i < len(tu.Args) {
				return tu.Args[i]
			}
			return nil
		}
	}
	for _, s := range d.Shapes() {
		if s.Con == conStruct && s.Item != nil {
			if t := p.field(s, name); t != nil {
				return t
			}
		}
	}
	if len(d.Shapes()) == 0 {
		var only *StructItem
		n := 0
		for _, list := range p.ix.structs {
			for _, st := range list {
				for _, fd := range st.Fields {
					if fd.Name == name {
						only = st
						n++
					}
				}
			}
		}
		if n == 1 {
			sh := w.structShape(d, only)
			return p.field(sh, name)
		}
	}
	return nil
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func (w *walker) structLit(n *ast.Node) *Term {
	p := w.p
	st, prefix := w.variantStruct(n.Child("name"))
	t := p.g.fresh()
	var sh *Shape
	if st != nil {
		sh = w.structShape(t, st)
	}
	body := n.Child("body")
	if body == nil {
		return t
	}
	for _, fi := range body.NamedChildren() {
		switch fi.Kind {
		case "field_initializer":
			name := fi.Child("field")
			v := w.expr(fi.Child("value"))
			if sh != nil && name != nil {
				if ft := p.field(sh, prefix+name.Text(w.src)); ft != nil {
					p.g.unify(v, ft)
				}
			}
		case "shorthand_field_initializer":
			id := firstNamedChild(fi)
			if id == nil {
				continue
			}
			v := w.expr(id)
			if sh != nil {
				if ft := p.field(sh, prefix+id.Text(w.src)); ft != nil {
					p.g.unify(v, ft)
				}
			}
		case "base_field_initializer":
			if e := firstNamedChild(fi); e != nil {
				p.g.unify(w.expr(e), t)
			}
		}
	}
	return t
}

// macro walks a macro call whose arguments were parsed.
func (w *walker) macro(n *ast.Node) *Term {
	p := w.p
	var args *ast.Node
	for _, c := range n.Children {
		if c.Kind == MacroArgs {
			args = c
		}
	}
	name := ast.MacroName(n, w.src)
	switch name {
	case "join", "try_join", "select":
		// An await point: what the future holds here is held across it.
		if w.ctx.shape != nil && w.ctx.async {
			defer w.holdScope(n)
		}
	}
	if args == nil {
		// Unparsed: still resolve the identifiers, for captures.
		for _, c := range n.Children {
			if c.Kind == "token_tree" {
				w.tokenIdents(c)
			}
		}
		return nil
	}
	var first *Term
	for _, c := range args.NamedChildren() {
		if c.Kind == "line_comment" || c.Kind == "block_comment" {
			continue
		}
		if c.Kind == "string_literal" {
			for v := range ast.FormatArgs(c.Text(w.src)) {
				w.lookup(v, c)
			}
		}
		t := w.expr(c)
		if first == nil {
			first = t
		} else if name == "vec" {
			p.g.unify(first, t)
		}
		switch name {
		case "join", "try_join", "select":
			// Awaited in place.
			if w.ctx.shape != nil && w.ctx.async {
				w.hold(w.ctx, c, t, &Reason{File: w.f, At: c.Start, End: c.End, Ref: n.Start, Kind: "await", Fn: w.ctx.fnName(), Owner: w.ctx.shape})
				// join! keeps each output until the last future is done.
				if o := p.out(t); o != nil && name != "select" {
					w.hold(w.ctx, o, o, &Reason{File: w.f, At: c.Start, End: c.End, Ref: n.Start, Kind: "held", Name: c.Text(w.src), Fn: w.ctx.fnName(), Owner: w.ctx.shape})
				}
			}
		}
	}
	if name == "vec" {
		return first
	}
	return nil
}

func (w *walker) tokenIdents(tt *ast.Node) {
	tt.Walk(func(x *ast.Node) bool {
		if x.Kind == "identifier" {
			w.lookup(x.Text(w.src), x)
		}
		return true
	})
}
