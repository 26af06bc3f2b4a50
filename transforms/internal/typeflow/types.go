package typeflow

import (
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// OccKind says what a textual occurrence is, and so how a transform
// rewrites it.
type OccKind string

// The occurrence kinds.
const (
	OccRc       OccKind = "Rc"           // a type or path naming std::rc::Rc
	OccWeak     OccKind = "Weak"         // std::rc::Weak
	OccArc      OccKind = "Arc"          // std::sync::Arc (nothing to rewrite; a name use)
	OccRefCell  OccKind = "RefCell"      // a type or path naming RefCell
	OccCell     OccKind = "Cell"         // a type or path naming Cell
	OccLockCall OccKind = "RefCell call" // recv.borrow() and the like; Node is the call
	OccCellCall OccKind = "Cell call"    // recv.get() / recv.set(v) on a Cell
	// OccUnsyncOnce: a single-thread lazy or once cell (once_cell's
	// unsync::Lazy, std's OnceCell); SyncPath is its thread-safe twin.
	OccUnsyncOnce OccKind = "unsync once"
	OccDyn        OccKind = "dyn"            // Node is the dynamic_type
	OccImpl       OccKind = "impl"           // Node is the abstract_type of a return type
	OccBounds     OccKind = "bounds"         // a generic parameter's bounds; Param says which
	OccLocalBox   OccKind = "LocalBoxFuture" // Node names futures' LocalBoxFuture
	OccBoxedLocal OccKind = "boxed_local"    // Node is the `.boxed_local()` call
	OccAsyncTrait OccKind = "async fn"       // Node is a trait's `async fn` signature
	// OccLocalAsyncTrait: Node is the `async fn` signature of a trait
	// declared #[async_trait(?Send)], whose futures are boxed without Send.
	OccLocalAsyncTrait OccKind = "async_trait(?Send)"
	// OccProj: an associated type of a generic parameter (`H::Fut`), as
	// a method of the parameter's trait returns it; Node and Param are the
	// parameter's, Assoc the associated type's name.
	OccProj OccKind = "projection"
	// OccTraitSelf: Self in the future of a default method of an
	// #[async_trait] trait (Node is the method, Trait its trait): what
	// Self must be beyond what async_trait asks of it goes into the
	// trait's supertraits.
	OccTraitSelf OccKind = "trait Self"
)

// Occ is one place in the text whose rewrite depends on the classes it
// is attached to.
type Occ struct {
	File   *File
	Node   *ast.Node
	Kind   OccKind
	Method string        // calls: the method name
	Param  *GenericParam // OccBounds, OccProj
	Trait  *TraitItem    // OccTraitSelf
	Assoc  string        // OccProj: the associated type's name
	// Foreign: the type is another crate's (what std's Error::source
	// returns), so Frozen.
	Foreign bool
	Bounds  *BoundInfo // dyn, impl, bounds: what is written
	// IntType is, for a Cell, the written type argument ("u64"), if any.
	IntType string
	// SyncPath is, for OccUnsyncOnce, the full path of the thread-safe
	// type to write ("once_cell::sync::Lazy").
	SyncPath string
	terms    []*Term
}

// Level is the highest level of the classes the occurrence is part of.
func (o *Occ) Level() (int, *Reason) {
	l, why := None, (*Reason)(nil)
	for _, t := range o.terms {
		if r := root(t); r.level&^l != 0 {
			l, why = l|r.level, r.why
		}
	}
	return l, why
}

// Terms returns the classes the occurrence is attached to.
func (o *Occ) Terms() []*Term { return o.terms }

// BoundInfo describes a dyn Trait, impl Trait or generic parameter.
type BoundInfo struct {
	Trait string // the main trait: "Error", "Future", "Fn", or a trait name
	Bits  int    // the level the written bounds (and supertraits) give: Send, Sync or both
	// Outer is the whole bounded type (`dyn A + Send + 'a`), or the node itself.
	Outer *ast.Node
}

type occKey struct {
	file  *File
	start int
	end   int
	kind  OccKind
	assoc string // OccProj
}

// occ returns the occurrence for a node, creating it once.
func (p *Package) occ(f *File, n *ast.Node, kind OccKind) *Occ {
	k := occKey{file: f, start: n.Start, end: n.End, kind: kind}
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
	if p.boundSink != nil && o.Bounds != nil && o.Bounds.Bits > None {
		p.boundSink(o, t)
	}
}

// requireWritten makes the bounds written in the types read while fn runs
// requirements: `-> impl Future + Send` requires the returned future to
// be Send. (The same bound on a parameter or a field is a fact about its
// values, not a requirement on where they go: unification has no
// direction, so facts are not passed on.)
func (p *Package) requireWritten(fn func()) {
	saved := p.boundSink
	p.boundSink = func(o *Occ, t *Term) {
		at := o.Node
		p.g.raise(t, o.Bounds.Bits, &Reason{File: o.File, At: at.Start, End: at.End, Ref: at.Start, Kind: "bound"})
	}
	fn()
	p.boundSink = saved
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
	case "primitive_type":
		// A shape, so that a pointer given where it is written derefs to
		// it (`show(&rc)` for `fn show(s: &str)`) instead of making the
		// parameter an Rc for every other caller.
		return p.g.withShape(&Shape{Con: conOther, Name: n.Text(f.Src)})
	case "pointer_type":
		// `*mut c_void`: never Send nor Sync, whatever it points to.
		return p.g.withShape(&Shape{Con: conOther, Name: rawPointer})
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

// aliasDefault returns the default type of an alias's i-th type
// parameter (`E = Error`), or nil.
func aliasDefault(al *AliasItem, i int) *ast.Node {
	tps := al.Node.Child("type_parameters")
	if tps == nil {
		return nil
	}
	k := 0
	for _, c := range tps.NamedChildren() {
		if c.Kind != "type_parameter" {
			continue
		}
		if k == i {
			return c.Child("default_type")
		}
		k++
	}
	return nil
}

// syncOnce maps the single-thread lazy and once cells to the thread-safe
// types that do the same.
var syncOnce = map[string]string{
	"once_cell::unsync::Lazy":     "once_cell::sync::Lazy",
	"once_cell::unsync::OnceCell": "once_cell::sync::OnceCell",
	"std::cell::OnceCell":         "std::sync::OnceLock",
	"core::cell::OnceCell":        "std::sync::OnceLock",
	"std::cell::LazyCell":         "std::sync::LazyLock",
	"core::cell::LazyCell":        "std::sync::LazyLock",
}

// SyncOnce is syncOnce for the passes: the thread-safe twin of a
// single-thread lazy or once cell's full path, or "".
func SyncOnce(full string) string { return syncOnce[full] }

// selfAssoc returns the type the impl around n gives its associated type
// written `Self::Name`, or nil.
func selfAssoc(f *File, n *ast.Node, written string) *ast.Node {
	name := strings.TrimPrefix(compact(written), "Self::")
	if name == written || !isIdent(name) {
		return nil
	}
	for x := n.Parent; x != nil; x = x.Parent {
		if x.Kind == "impl_item" {
			body := x.Child("body")
			if body == nil {
				return nil
			}
			for _, it := range body.NamedChildren() {
				if it.Kind == "type_item" && text(it.Child("name"), f.Src) == name && it.Child("type") != nil {
					return it.Child("type")
				}
			}
			return nil
		}
		if x.Kind == "trait_item" || x.Kind == "source_file" {
			return nil
		}
	}
	return nil
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
	if ty := selfAssoc(f, base, written); ty != nil && env.depth < 8 {
		// `-> Self::Future` in an impl: the type the impl gives it, so
		// that what the fn returns meets the object written there.
		sub := &tenv{generics: env.generics, self: env.self, argPos: env.argPos, depth: env.depth + 1}
		return p.typeTerm(f, ty, sub)
	}
	if sync := syncOnce[f.ModuleAt(base).FullPath(written)]; sync != "" {
		// Sync never: a static (or a shared value) of it needs its
		// thread-safe twin, which rc-to-arc writes.
		t := p.g.withShape(&Shape{Con: conCell, Name: "unsync once", Args: []*Term{arg(0)}})
		o := p.occ(f, base, OccUnsyncOnce)
		o.SyncPath = sync
		p.attach(o, t)
		return t
	}
	switch kind := f.ModuleAt(base).StdKind(written); kind {
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
		t := p.g.withShape(&Shape{Con: conDyn, Name: "Future", Out: arg(0), Bounds: &BoundInfo{Trait: "Future", Bits: level, Outer: whole}})
		if kind == "LocalBoxFuture" {
			o := p.occ(f, base, OccLocalBox)
			o.Bounds = &BoundInfo{Trait: "Future", Outer: whole}
			p.attach(o, t)
		} else if p.boundSink != nil {
			p.boundSink(&Occ{File: f, Node: base, Bounds: &BoundInfo{Trait: "Future", Bits: Send}}, t)
		}
		return t
	}
	// The package's own types.
	if !containsPath(written) || true {
		if al := p.aliasAtPath(f, base, written); al != nil && env.depth < 8 {
			sub := &tenv{generics: map[string]*Term{}, self: env.self, argPos: env.argPos, depth: env.depth + 1}
			for i, pn := range al.Params {
				if d := aliasDefault(al, i); i >= len(args) && d != nil {
					sub.generics[pn] = p.typeTerm(al.File, d, sub) // `type Result<T, E = Error>`
					continue
				}
				sub.generics[pn] = arg(i)
			}
			return p.typeTerm(al.File, al.Type, sub)
		}
		if st := p.structAtPath(f, base, written); st != nil {
			var as []*Term
			for i := range st.Params {
				as = append(as, arg(i))
			}
			return p.g.withShape(&Shape{Con: conStruct, Name: st.Name, Item: st, Args: as})
		}
	}
	switch name {
	case "NonNull":
		// std::ptr::NonNull, a raw pointer: never Send nor Sync.
		return p.g.withShape(&Shape{Con: conOther, Name: rawPointer})
	case "Box", "Vec", "VecDeque", "Option", "HashSet", "BTreeSet", "BinaryHeap", "LinkedList", "Pin",
		"Cow", "ManuallyDrop", "PhantomData", "Reverse", "Wrapping", "JoinHandle", "OnceCell", "OnceLock", "LazyLock", "Lazy", "AssertUnwindSafe":
		// Containers whose Send-ness is their element's: transparent.
		return arg(0)
	case "Sender", "Receiver", "UnboundedSender", "UnboundedReceiver", "SyncSender":
		// Send when what they carry is, and Sync then too (std's Sender
		// since 1.72, tokio's): sharing one asks no Sync of the messages.
		if len(args) == 1 {
			if name == "Receiver" && strings.HasPrefix(f.ModuleAt(base).FullPath(written), "std::sync::mpsc::") {
				name = stdReceiver
			}
			return p.g.withShape(&Shape{Con: conChan, Name: name, Args: []*Term{arg(0)}})
		}
		return arg(0)
	}
	if len(args) == 0 {
		switch name {
		case "String", "PathBuf", "OsString", "Path", "OsStr":
			// Deref targets of smart pointers, as primitive_type.
			return p.g.withShape(&Shape{Con: conOther, Name: name})
		}
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
				info.Bits |= Send
			case "Sync":
				info.Bits |= Sync
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
			if ty := bindingOf(tr, "Output", f.Src); ty != nil {
				sh.Out = p.typeTerm(f, ty, env)
			}
		default:
			info.Trait = lastSeg(tr.Text(f.Src))
		}
	}
	// `use std::error::Error as StdError;`: the trait is std's, whatever
	// the file calls it.
	std := false
	if full := f.Imports()[info.Trait]; full != "" && lastSeg(full) != info.Trait {
		for _, root := range []string{"std::", "core::", "alloc::"} {
			if strings.HasPrefix(full, root) {
				info.Trait, std = lastSeg(full), true
			}
		}
	}
	switch info.Trait {
	case "Send":
		info.Bits |= Send
	case "Sync":
		info.Bits |= Sync
	}
	if t := p.traitAt(f, n, info.Trait); t != nil && !std {
		info.Bits |= t.Send
		sh.Trait = t
	}
	if (info.Trait == "Future" || info.Trait == "Fn" || info.Trait == "FnMut" || info.Trait == "FnOnce") && sh.Out == nil {
		sh.Out = p.g.fresh()
	}
	sh.Name = info.Trait
	t := p.g.withShape(sh)
	kind := OccDyn
	if con == conImpl {
		kind = OccImpl
	}
	// An argument's `impl Fn(..)` is an occurrence too (of kind OccDyn:
	// like a trait object, it is edited where its values must be Send).
	o := p.occ(f, n, kind)
	o.Bounds = info
	p.attach(o, t)
	return t
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
				if t := p.traitAt(g.File, g.Node, name); t != nil {
					bits |= t.Send
				}
			}
		}
		info.Bits |= bits
	}
	sh := &Shape{Con: conParam, Name: info.Trait, Bounds: info, Trait: p.traitAt(g.File, g.Node, info.Trait)}
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

// instParam is a generic parameter of one call: the bounds it is written
// with are required of the call's argument.
func (p *Package) instParam(g *GenericParam) *Term {
	o := p.occ(g.File, g.Node, OccBounds)
	if o.Bounds == nil {
		p.paramTerm(g) // reads the bounds into the occurrence
	}
	sh := &Shape{Con: conParam, Name: o.Bounds.Trait, Bounds: o.Bounds, Trait: p.traitAt(g.File, g.Node, o.Bounds.Trait)}
	if n := o.Bounds.Trait; n == "Fn" || n == "FnMut" || n == "FnOnce" || n == "Future" {
		sh.Out = p.g.fresh()
	}
	t := p.g.withShape(sh)
	if o.Bounds.Bits > None {
		at := g.Node
		p.g.raise(t, o.Bounds.Bits, &Reason{File: g.File, At: at.Start, End: at.End, Ref: at.Start, Kind: "bound"})
	}
	return t
}

// alias returns the type alias named name as seen from node at of f.
func (p *Package) alias(f *File, at *ast.Node, name string) *AliasItem {
	return resolve(p.ix.aliases[name], f, at, name, func(a *AliasItem) (*File, *ast.Node) { return a.File, a.Scope })
}

// structAt returns the struct or enum named name as seen from node at of f.
func (p *Package) structAt(f *File, at *ast.Node, name string) *StructItem {
	return resolve(p.ix.structs[name], f, at, name, func(s *StructItem) (*File, *ast.Node) { return s.File, s.Scope })
}

// structAtPath is structAt for a name written with its module path
// (`ui::State`, `crate::server::State`): the path picks among items of the
// same name; one it does not name (another crate's) gives nil.
func (p *Package) structAtPath(f *File, at *ast.Node, written string) *StructItem {
	return atPath(p, p.ix.structs, f, at, written, p.structAt, func(s *StructItem) (*File, *ast.Node) { return s.File, s.Scope })
}

// aliasAtPath is alias for a name written with its module path
// (`anyhow::Result<()>` when another module has a Result alias too).
func (p *Package) aliasAtPath(f *File, at *ast.Node, written string) *AliasItem {
	return atPath(p, p.ix.aliases, f, at, written, p.alias, func(a *AliasItem) (*File, *ast.Node) { return a.File, a.Scope })
}

// atPath resolves a name written with its module path among the package's
// items of that name (see structAtPath); byName resolves a bare name.
func atPath[T any](p *Package, items map[string][]T, f *File, at *ast.Node, written string,
	byName func(*File, *ast.Node, string) T, where func(T) (*File, *ast.Node)) T {
	var zero T
	written = compact(written)
	if i := strings.Index(written, "<"); i >= 0 {
		written = written[:i]
	}
	name := lastSeg(written)
	if !strings.Contains(written, "::") || strings.HasPrefix(written, "Self::") {
		return byName(f, at, name)
	}
	var m *Module
	if at != nil {
		m = f.ModuleAt(at)
	} else {
		m = f.Root
	}
	segs := strings.Split(m.FullPath(written), "::")
	quals := segs[:len(segs)-1]
	here := modPath(f, scopeOf(at))
	var wants [][]string
	switch quals[0] {
	case "crate":
		wants = append(wants, quals[1:])
	case "self":
		wants = append(wants, append(append([]string(nil), here...), quals[1:]...))
	case "super":
		if len(here) > 0 {
			wants = append(wants, append(append([]string(nil), here[:len(here)-1]...), quals[1:]...))
		}
	case "std", "core", "alloc":
		return zero
	default:
		// A child module of this one, a module named from the crate root,
		// or the crate's own name first.
		wants = append(wants, append(append([]string(nil), here...), quals...), quals, quals[1:])
	}
	var match []T
	for _, it := range items[name] {
		file, scope := where(it)
		mp := modPath(file, scope)
		for _, w := range wants {
			if strings.Join(mp, "::") == strings.Join(w, "::") {
				match = append(match, it)
				break
			}
		}
	}
	if len(match) == 1 {
		return match[0]
	}
	return zero
}

// traitAt returns the trait named name as seen from node at of f.
func (p *Package) traitAt(f *File, at *ast.Node, name string) *TraitItem {
	return resolve(p.ix.traits[name], f, at, name, func(t *TraitItem) (*File, *ast.Node) { return t.File, t.Scope })
}

// resolve picks the item a name means at node at of f: the nearest one in
// scope, else the one the module's imports name. When neither decides
// (two `Lazy` in two modules, no import naming either), it returns nil:
// a guess could carry one type's requirements to another's values.
func resolve[T any](items []T, f *File, at *ast.Node, name string, where func(T) (*File, *ast.Node)) T {
	var zero T
	var best []T
	bestRank := -1
	for _, it := range items {
		file, scope := where(it)
		switch r := visibility(file, scope, f, at); {
		case r > bestRank:
			best, bestRank = []T{it}, r
		case r == bestRank && r >= 0:
			best = append(best, it)
		}
	}
	if bestRank > 0 && len(best) == 1 {
		return best[0] // declared in this file: nothing can shadow it
	}
	if f != nil {
		var m *Module
		if at != nil {
			m = f.ModuleAt(at)
		} else {
			m = f.Root
		}
		var match []T
		for _, it := range items {
			file, scope := where(it)
			if m.names(name, modPath(file, scope)) {
				match = append(match, it)
			}
		}
		if len(match) == 1 {
			return match[0]
		}
	}
	if len(best) == 1 {
		return best[0]
	}
	return zero
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

// maxInstances bounds how many times the fields of one generic struct are
// instantiated apart; beyond it (recursive generic types), its values share
// one set of field types.
const maxInstances = 32

// fieldMap returns the field types of a struct shape, and the arguments
// they are read with. A non-generic struct has one set of field types for
// all its values: recursive types stay finite.
func (p *Package) fieldMap(s *Shape) (map[string]*Term, []*Term) {
	it := s.Item
	if s.fields != nil {
		if s.shared {
			return s.fields, it.canonArgs
		}
		return s.fields, s.Args
	}
	if len(it.Params) == 0 || it.insts >= maxInstances {
		if it.canon == nil {
			it.canon = map[string]*Term{}
			it.canonArgs = freshN(p, len(it.Params))
		}
		s.fields, s.shared = it.canon, true
		for i, a := range s.Args {
			if i < len(it.canonArgs) {
				p.g.unify(a, it.canonArgs[i])
			}
		}
		return s.fields, it.canonArgs
	}
	it.insts++
	s.fields = map[string]*Term{}
	return s.fields, s.Args
}

// field returns the term of one field of a struct shape.
func (p *Package) field(s *Shape, name string) *Term {
	fields, args := p.fieldMap(s)
	if t, ok := fields[name]; ok {
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
		if i < len(args) {
			env.generics[pn] = args[i]
		}
	}
	t := p.typeTerm(s.Item.File, decl.Type, env)
	fields[name] = t
	return t
}
