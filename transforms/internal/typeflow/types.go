package typeflow

import (
	ast "sendfix/transforms/internal/rustast"
)

// OccKind says what a textual occurrence is, and so how a transform
// rewrites it.
type OccKind string

// The occurrence kinds.
const (
	OccRc         OccKind = "Rc"             // a type or path naming std::rc::Rc
	OccWeak       OccKind = "Weak"           // std::rc::Weak
	OccArc        OccKind = "Arc"            // std::sync::Arc (nothing to rewrite; a name use)
	OccRefCell    OccKind = "RefCell"        // a type or path naming RefCell
	OccCell       OccKind = "Cell"           // a type or path naming Cell
	OccLockCall   OccKind = "RefCell call"   // recv.borrow() and the like; Node is the call
	OccCellCall   OccKind = "Cell call"      // recv.get() / recv.set(v) on a Cell
	OccDyn        OccKind = "dyn"            // Node is the dynamic_type
	OccImpl       OccKind = "impl"           // Node is the abstract_type of a return type
	OccBounds     OccKind = "bounds"         // a generic parameter's bounds; Param says which
	OccLocalBox   OccKind = "LocalBoxFuture" // Node names futures' LocalBoxFuture
	OccBoxedLocal OccKind = "boxed_local"    // Node is the `.boxed_local()` call
	OccAsyncTrait OccKind = "async fn"       // Node is a trait's `async fn` signature
)

// Occ is one place in the text whose rewrite depends on the classes it
// is attached to.
type Occ struct {
	File   *File
	Node   *ast.Node
	Kind   OccKind
	Method string        // calls: the method name
	Param  *GenericParam // OccBounds
	Bounds *BoundInfo    // dyn, impl, bounds: what is written
	// IntType is, for a Cell, the written type argument ("u64"), if any.
	IntType string
	terms   []*Term
}

// Level is the highest level of the classes the occurrence is part of.
func (o *Occ) Level() (int, *Reason) {
	l, why := None, (*Reason)(nil)
	for _, t := range o.terms {
		if r := root(t); r.level > l {
			l, why = r.level, r.why
		}
	}
	return l, why
}

// Terms returns the classes the occurrence is attached to.
func (o *Occ) Terms() []*Term { return o.terms }

// BoundInfo describes a dyn Trait, impl Trait or generic parameter.
type BoundInfo struct {
	Trait string // the main trait: "Error", "Future", "Fn", or a trait name
	Level int    // what the written bounds (and supertraits) already give
	Bits  int    // what is written: Send = 1, Sync = 2
	// Outer is the whole bounded type (`dyn A + Send + 'a`), or the node itself.
	Outer *ast.Node
}

type occKey struct {
	file  *File
	start int
	end   int
	kind  OccKind
}

// occ returns the occurrence for a node, creating it once.
func (p *Package) occ(f *File, n *ast.Node, kind OccKind) *Occ {
	k := occKey{f, n.Start, n.End, kind}
	if o, ok := p.occs[k]; ok {
		return o
	}
	o := &Occ{File: f, Node: n, Kind: kind}
	p.occs[k] = o
	p.occList = append(p.occList, o)
	return o
}

// attach makes o depend on t's class.
func (p *Package) attach(o *Occ, t *Term) {
	if o == nil || t == nil {
		return
	}
	for _, x := range o.terms {
		if root(x) == root(t) {
			return
		}
	}
	o.terms = append(o.terms, t)
	r := root(t)
	r.occs = append(r.occs, o)
	if o.Bounds != nil && o.Bounds.Level > r.level {
		// What is written is a fact the rest of the code relies on.
		p.g.raise(t, o.Bounds.Level, &Reason{File: o.File, At: o.Node.Start, End: o.Node.End, Kind: "bound"})
	}
}

// tenv is what type syntax is read in: the generic parameters in scope.
type tenv struct {
	generics map[string]*Term
	self     *Term
	argPos   bool // `impl Trait` is an argument type here
	depth    int
}

func (e *tenv) with(name string, t *Term) *tenv {
	n := &tenv{generics: map[string]*Term{}, self: e.self, argPos: e.argPos, depth: e.depth}
	for k, v := range e.generics {
		n.generics[k] = v
	}
	n.generics[name] = t
	return n
}

// typeTerm builds the term of a written type.
func (p *Package) typeTerm(f *File, n *ast.Node, env *tenv) *Term {
	if n == nil {
		return p.g.fresh()
	}
	if env == nil {
		env = &tenv{}
	}
	switch n.Kind {
	case "type_identifier", "scoped_type_identifier", "identifier", "scoped_identifier":
		return p.namedType(f, n, n, nil, nil, env)
	case "generic_type":
		var args []*ast.Node
		bindings := map[string]*ast.Node{}
		if ta := n.Child("type_arguments"); ta != nil {
			for _, c := range ta.NamedChildren() {
				switch c.Kind {
				case "lifetime", "line_comment", "block_comment":
				case "type_binding":
					bindings[text(c.Child("name"), f.Src)] = c.Child("type")
				default:
					args = append(args, c)
				}
			}
		}
		return p.namedType(f, n, n.Child("type"), args, bindings, env)
	case "reference_type":
		con := conRef
		for _, c := range n.Children {
			if c.Kind == "mutable_specifier" {
				con = conRefMut
			}
		}
		return p.g.withShape(&Shape{Con: con, Args: []*Term{p.typeTerm(f, n.Child("type"), env)}})
	case "tuple_type":
		elems := n.NamedChildren()
		if len(elems) == 1 && !hasTrailingComma(n, f.Src) {
			return p.typeTerm(f, elems[0], env) // (dyn A + Send)
		}
		var args []*Term
		for _, c := range elems {
			args = append(args, p.typeTerm(f, c, env))
		}
		return p.g.withShape(&Shape{Con: conTuple, Args: args})
	case "array_type", "slice_type":
		return p.typeTerm(f, n.Child("element"), env)
	case "bounded_type":
		inner := firstNamedChild(n)
		for inner != nil && inner.Kind == "bounded_type" {
			inner = firstNamedChild(inner)
		}
		if inner != nil && (inner.Kind == "dynamic_type" || inner.Kind == "abstract_type") {
			return p.typeTerm(f, inner, env)
		}
		return p.typeTerm(f, firstNamedChild(n), env)
	case "dynamic_type":
		return p.dynTerm(f, n, env, conDyn)
	case "abstract_type":
		if env.argPos {
			return p.dynTerm(f, n, env, conParam)
		}
		return p.dynTerm(f, n, env, conImpl)
	}
	return p.g.fresh()
}

func hasTrailingComma(n *ast.Node, src []byte) bool {
	for i := len(n.Children) - 1; i >= 0; i-- {
		c := n.Children[i]
		if c.Kind == "," {
			return true
		}
		if c.Named {
			return false
		}
	}
	return false
}

// namedType builds the term of a type written as a path with arguments.
func (p *Package) namedType(f *File, whole, base *ast.Node, args []*ast.Node, bindings map[string]*ast.Node, env *tenv) *Term {
	if base == nil {
		return p.g.fresh()
	}
	written := base.Text(f.Src)
	name := lastSeg(written)
	arg := func(i int) *Term {
		if i < len(args) {
			return p.typeTerm(f, args[i], env)
		}
		return p.g.fresh()
	}
	if !containsPath(written) {
		if t, ok := env.generics[name]; ok {
			return t
		}
		if name == "Self" && env.self != nil {
			return env.self
		}
	}
	switch kind := f.StdKind(written); kind {
	case "Rc", "Weak", "Arc", "SWeak", "Weak?":
		t := p.g.withShape(&Shape{Con: conRc, Name: kind, Args: []*Term{arg(0)}})
		switch kind {
		case "Rc":
			p.attach(p.occ(f, base, OccRc), t)
		case "Weak":
			p.attach(p.occ(f, base, OccWeak), t)
		}
		return t
	case "RefCell", "Mutex", "RwLock":
		t := p.g.withShape(&Shape{Con: conLock, Name: kind, Args: []*Term{arg(0)}})
		if kind == "RefCell" {
			o := p.occ(f, base, OccRefCell)
			p.attach(o, t)
		}
		return t
	case "Cell":
		t := p.g.withShape(&Shape{Con: conCell, Name: kind, Args: []*Term{arg(0)}})
		o := p.occ(f, base, OccCell)
		if len(args) > 0 {
			o.IntType = compact(args[0].Text(f.Src))
		}
		p.attach(o, t)
		return t
	case "Map":
		return p.g.withShape(&Shape{Con: conMap, Args: []*Term{arg(0), arg(1)}})
	case "Result":
		if len(args) == 2 {
			return p.g.withShape(&Shape{Con: conResult, Args: []*Term{arg(0), arg(1)}})
		}
	case "IoResult":
		return p.g.withShape(&Shape{Con: conResult, Args: []*Term{arg(0), p.g.fresh()}})
	case "BoxFuture", "LocalBoxFuture":
		// futures' BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>
		level := Send
		if kind == "LocalBoxFuture" {
			level = None
		}
		t := p.g.withShape(&Shape{Con: conDyn, Name: "Future", Out: arg(0), Bounds: &BoundInfo{Trait: "Future", Level: level, Outer: whole}})
		if kind == "LocalBoxFuture" {
			o := p.occ(f, base, OccLocalBox)
			o.Bounds = &BoundInfo{Trait: "Future", Outer: whole}
			p.attach(o, t)
		} else {
			p.g.raise(t, Send, nil)
		}
		return t
	}
	// The package's own types.
	if !containsPath(written) || true {
		if al := p.alias(f, name); al != nil && env.depth < 8 {
			sub := &tenv{generics: map[string]*Term{}, self: env.self, argPos: env.argPos, depth: env.depth + 1}
			for i, pn := range al.Params {
				sub.generics[pn] = arg(i)
			}
			return p.typeTerm(al.File, al.Type, sub)
		}
		if st := p.structNamed(f, name); st != nil {
			var as []*Term
			for i := range st.Params {
				as = append(as, arg(i))
			}
			return p.g.withShape(&Shape{Con: conStruct, Name: st.Name, Item: st, Args: as})
		}
	}
	switch name {
	case "Box", "Vec", "VecDeque", "Option", "HashSet", "BTreeSet", "BinaryHeap", "LinkedList", "Pin",
		"Cow", "ManuallyDrop", "Reverse", "Wrapping", "JoinHandle", "Sender", "Receiver", "UnboundedSender",
		"UnboundedReceiver", "SyncSender", "OnceCell", "OnceLock", "LazyLock", "Lazy", "AssertUnwindSafe":
		// Containers whose Send-ness is their element's: transparent.
		return arg(0)
	}
	if len(args) == 0 {
		return p.g.fresh()
	}
	var as []*Term
	for i := range args {
		as = append(as, arg(i))
	}
	return p.g.withShape(&Shape{Con: conOther, Name: name, Args: as})
}

func containsPath(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == ':' && s[i+1] == ':' {
			return true
		}
	}
	return false
}

// dynTerm builds `dyn Trait`, a return-position `impl Trait` or an
// argument-position `impl Trait`.
func (p *Package) dynTerm(f *File, n *ast.Node, env *tenv, con string) *Term {
	tr := n.Child("trait")
	if tr == nil {
		tr = firstNamedChild(n)
	}
	info := &BoundInfo{Outer: n}
	sh := &Shape{Con: con, Bounds: info}
	// Walk up the bounded types this one is the left-most part of.
	outer := n
	for outer.Parent != nil && outer.Parent.Kind == "bounded_type" && firstNamedChild(outer.Parent) == outer {
		outer = outer.Parent
		for _, c := range outer.NamedChildren()[1:] {
			switch lastSeg(c.Text(f.Src)) {
			case "Send":
				info.Level |= 1
			case "Sync":
				info.Level |= 2
			}
		}
	}
	info.Outer = outer
	if tr != nil {
		switch tr.Kind {
		case "function_type":
			info.Trait = lastSeg(text(tr.Child("trait"), f.Src))
			if rt := tr.Child("return_type"); rt != nil {
				sh.Out = p.typeTerm(f, rt, env)
			} else {
				sh.Out = p.g.fresh()
			}
		case "generic_type":
			info.Trait = lastSeg(text(tr.Child("type"), f.Src))
			if ta := tr.Child("type_arguments"); ta != nil {
				for _, c := range ta.NamedChildren() {
					if c.Kind == "type_binding" && text(c.Child("name"), f.Src) == "Output" {
						sh.Out = p.typeTerm(f, c.Child("type"), env)
					}
				}
			}
		default:
			info.Trait = lastSeg(tr.Text(f.Src))
		}
	}
	switch info.Trait {
	case "Send":
		info.Level |= 1
	case "Sync":
		info.Level |= 2
	}
	if t := p.ix.traits[info.Trait]; t != nil {
		info.Level |= levelBits(t.Send)
	}
	info.Bits = info.Level
	info.Level = levelOfBits(info.Level)
	if (info.Trait == "Future" || info.Trait == "Fn" || info.Trait == "FnMut" || info.Trait == "FnOnce") && sh.Out == nil {
		sh.Out = p.g.fresh()
	}
	sh.Name = info.Trait
	t := p.g.withShape(sh)
	kind := OccDyn
	if con == conImpl {
		kind = OccImpl
	}
	if con != conParam {
		o := p.occ(f, n, kind)
		o.Bounds = info
		p.attach(o, t)
	}
	return t
}

// levelOfBits turns Send=1|Sync=2 bits into a level.
func levelOfBits(b int) int {
	switch {
	case b&3 == 3:
		return SendSync
	case b&1 == 1:
		return Send
	}
	return None
}

// paramTerm builds the term of a generic parameter: a param shape whose
// bounds are an occurrence send-bound may extend.
func (p *Package) paramTerm(g *GenericParam) *Term {
	info := &BoundInfo{}
	for _, b := range g.Bounds {
		bits := 0
		for _, c := range b.NamedChildren() {
			name := ""
			switch c.Kind {
			case "function_type":
				name = lastSeg(text(c.Child("trait"), g.File.Src))
			case "generic_type":
				name = lastSeg(text(c.Child("type"), g.File.Src))
			default:
				name = lastSeg(c.Text(g.File.Src))
			}
			switch name {
			case "Send":
				bits |= 1
			case "Sync":
				bits |= 2
			case "'static", "":
			default:
				if info.Trait == "" {
					info.Trait = name
				}
				if t := p.ix.traits[name]; t != nil && t.Send > None {
					bits |= 1
					if t.Send == SendSync {
						bits |= 2
					}
				}
			}
		}
		info.Bits |= bits
		info.Level = levelOfBits(info.Bits)
	}
	sh := &Shape{Con: conParam, Name: info.Trait, Bounds: info}
	if info.Trait == "Fn" || info.Trait == "FnMut" || info.Trait == "FnOnce" || info.Trait == "Future" {
		sh.Out = p.g.fresh()
	}
	t := p.g.withShape(sh)
	o := p.occ(g.File, g.Node, OccBounds)
	o.Param = g
	o.Bounds = info
	p.attach(o, t)
	return t
}

func levelBits(l int) int {
	switch l {
	case SendSync:
		return 3
	case Send:
		return 1
	}
	return 0
}

// alias returns the type alias named name, preferring f's own.
func (p *Package) alias(f *File, name string) *AliasItem {
	list := p.ix.aliases[name]
	for _, a := range list {
		if a.File == f {
			return a
		}
	}
	if len(list) > 0 && !f.Defined[name] {
		return list[0]
	}
	return nil
}

// structNamed returns the struct or enum named name, preferring f's own.
func (p *Package) structNamed(f *File, name string) *StructItem {
	list := p.ix.structs[name]
	for _, s := range list {
		if s.File == f {
			return s
		}
	}
	if len(list) > 0 {
		return list[0]
	}
	return nil
}

// fieldTerms instantiates the field types of a struct shape.
func (p *Package) fieldTerms(s *Shape) []*Term {
	if s.Item == nil {
		return nil
	}
	var out []*Term
	for _, fd := range s.Item.Fields {
		out = append(out, p.field(s, fd.Name))
	}
	return out
}

// field returns the term of one field of a struct shape.
func (p *Package) field(s *Shape, name string) *Term {
	if s.fields == nil {
		s.fields = map[string]*Term{}
	}
	if t, ok := s.fields[name]; ok {
		return t
	}
	var decl *FieldDecl
	for i := range s.Item.Fields {
		if s.Item.Fields[i].Name == name {
			decl = &s.Item.Fields[i]
		}
	}
	if decl == nil {
		return nil
	}
	env := &tenv{generics: map[string]*Term{}}
	for i, pn := range s.Item.Params {
		if i < len(s.Args) {
			env.generics[pn] = s.Args[i]
		}
	}
	t := p.typeTerm(s.Item.File, decl.Type, env)
	s.fields[name] = t
	return t
}
