// Package typeflow is the crate-wide analysis behind rc-to-arc and
// send-bound: which values end up where Send is required, and so which
// written types must change.
//
// It infers, without a compiler, a type class for every value of the
// package (a union-find of type terms: a variable and what is assigned to
// it, an argument and its parameter, a field and what is stored in it are
// one class), with the structure the code gives each class: Rc<T>,
// RefCell<T>, a struct of the package, a future and what it holds across
// its awaits, a closure and its captures, dyn Trait, a generic parameter.
// Send requirements start at the places that move a value to another
// thread (tokio::spawn and the other spawners, #[async_trait] methods,
// written `+ Send` bounds) and flow down through that structure: a spawned
// future must be Send, so what it captures and holds across an await must
// be Send; an Arc<T> that must be Send needs T: Send + Sync; a struct that
// must be Send needs its fields Send, and so on.
//
// Every written type the transforms may rewrite (the `Rc` of an Rc<T>, a
// RefCell, a dyn Trait, a generic parameter's bounds) is an occurrence
// attached to the classes it was read into. A class that must be Send
// makes its occurrences change, and an occurrence that changes makes every
// class it is part of change too (a field type is one text for all its
// values), until nothing moves.
package typeflow

import (
	"bytes"
	"sort"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// Package is the analysis of one Cargo package.
type Package struct {
	Files []*File
	ix    *index
	g     *graph

	occs    map[occKey]*Occ
	occList []*Occ

	exprT  map[*ast.Node]*Term
	bindT  map[*ast.Node]*Term
	ctxs   map[*ast.Node]*ctxt
	insts  map[*ast.Node]*fnInst
	spawns []*Spawn
	seenSp map[*ast.Node]bool
	projs  map[occKey]*Term // projection classes, one per parameter and name

	// boundSink, while set, receives the written bounds typeTerm reads.
	boundSink func(o *Occ, t *Term)
	// links are generic parameters of a declaration and of a call's
	// instance: what the declaration requires, the call's arguments must
	// give (not the other way round).
	links [][2]*Term
	// coerced indexes graph.coercions by object class, once inference is
	// done (see coercedInto).
	coerced map[*Term][]*Term
	// linked indexes links by their first class (see linkedFrom).
	linked map[*Term][]*Term
	// projReqs are the associated types a call's where clause requires
	// Send of its argument's type (see requireProjections).
	projReqs []projReq

	spawners, local map[string]bool

	// twins are the written types at one place of a package trait
	// method's signature, in its declaration and its impls: one changes
	// with the others (SignatureTwins).
	twins [][]*Occ
	// assocWritten are the types written in the signature of a method of
	// another crate's trait that are its impl's associated type spelled
	// out (`type Error = Box<dyn Error>;` and `-> Result<Self,
	// Box<dyn Error>>`): they change with the associated type, so they
	// are not frozen.
	assocWritten map[*Occ]bool
}

// Spawn is one place that moves a future or closure to another thread.
type Spawn struct {
	File *File
	Call *ast.Node
	Name string // the spawner's name as written: "tokio::spawn", "set.spawn"
	Arg  *Term
	Out  *Term
	// Level is what Arg must be: Send, or Send + Sync for a closure a
	// rayon parallel iterator calls from several threads at once.
	Level int
}

// Captures returns what the closure a spawn is given captures, with why
// each is held (nil when the spawn is given something else).
func (s *Spawn) Captures() ([]*Term, []*Reason) {
	for _, sh := range s.Arg.Shapes() {
		if sh.Con == conClosure {
			whys := make([]*Reason, len(sh.Args))
			copy(whys, sh.Why)
			return sh.Args, whys
		}
	}
	return nil, nil
}

// Shared returns the analysis of pkg's files, run once per round for all
// the passes that ask (it is read-only to them).
func Shared(pkg *rewrite.Package) *Package {
	return pkg.Memo("typeflow", func() any { return Analyze(pkg.Files, pkg.Analysis) }).(*Package)
}

// Analyze runs the analysis over the files of a package.
func Analyze(files []*rewrite.File, hints *rewrite.Analysis) *Package {
	p := &Package{
		g: &graph{}, occs: map[occKey]*Occ{},
		exprT: map[*ast.Node]*Term{}, bindT: map[*ast.Node]*Term{}, ctxs: map[*ast.Node]*ctxt{},
		insts: map[*ast.Node]*fnInst{}, seenSp: map[*ast.Node]bool{},
		projs:    map[occKey]*Term{},
		spawners: map[string]bool{}, local: map[string]bool{},
	}
	if hints != nil {
		for _, s := range hints.SendSpawners {
			p.spawners[lastSeg(s)] = true
		}
		for _, s := range hints.LocalExecutors {
			p.local[lastSeg(s)] = true
		}
	}
	for _, f := range files {
		p.Files = append(p.Files, newFile(f))
	}
	sort.SliceStable(p.Files, func(i, j int) bool { return p.Files[i].Path < p.Files[j].Path })
	p.collect()
	p.superTraits()
	for _, fn := range p.ix.all {
		fn.decl = p.instFn(fn, true)
	}
	// What a trait method's declaration must return, each impl must too
	// (a task awaiting `f.fetch()` for a generic F needs every impl's
	// future Send). A link, not one type: the impls of `FromStream<T> for
	// Vec<T>` and `for Rc<[T]>` return different types.
	for _, fn := range p.ix.all {
		if fn.Impl == nil || fn.Impl.Trait == "" {
			continue
		}
		if tr := fn.Impl.TraitOf; tr != nil {
			if decl := tr.Methods[fn.Name]; decl != nil {
				p.links = append(p.links, [2]*Term{decl.decl.result, fn.decl.result})
				if fn.decl.future != nil && decl.decl.future == nil {
					// An `async fn` implementing `fn f() -> impl Future`.
					p.links = append(p.links, [2]*Term{decl.decl.ret, fn.decl.future})
				}
			}
		}
	}
	p.linkTwins()
	p.linkAssocTwins()
	// Three passes: method calls and fields resolve better once the
	// earlier passes gave the receivers their shapes.
	for pass := 0; pass < 3; pass++ {
		for _, fn := range p.ix.all {
			if fn.Body != nil {
				p.walkFn(fn)
			}
		}
		p.walkStatics()
	}
	p.seed()
	p.settle()
	return p
}

// Occurrences returns every occurrence, in file and text order.
func (p *Package) Occurrences() []*Occ {
	out := append([]*Occ(nil), p.occList...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File.Path != out[j].File.Path {
			return out[i].File.Path < out[j].File.Path
		}
		if out[i].Node.Start != out[j].Node.Start {
			return out[i].Node.Start < out[j].Node.Start
		}
		return out[i].Kind < out[j].Kind
	})
	return out
}

// Spawns returns the places that move a value to another thread.
func (p *Package) Spawns() []*Spawn { return p.spawns }

// Fns returns every function of the package.
func (p *Package) Fns() []*FnItem { return p.ix.all }

// TraitAt returns the trait of the package named name, as seen from n.
func (p *Package) TraitAt(f *File, n *ast.Node, name string) *TraitItem {
	return p.traitAt(f, n, name)
}

// Frozen reports whether an occurrence's type is written where changing
// it changes what the code means or breaks it: the header of an impl
// (`impl dyn Subscriber {}` is another impl than for `dyn Subscriber +
// Send`; `impl FromStream for Rc<[T]>` is not the impl for Arc), a
// qualified path (`<dyn Any>::is`), or the signature of a method
// implementing a trait of another crate, which must match that trait's
// declaration (`fn source(&self) -> Option<&(dyn Error + 'static)>`).
func (p *Package) Frozen(o *Occ) bool {
	if o.Foreign {
		return true
	}
	n := o.Node
	for x := n.Parent; x != nil; x = x.Parent {
		switch x.Kind {
		case "impl_item":
			if body := x.Child("body"); body == nil || !body.Contains(n) {
				return true
			}
		case "bracketed_type", "qualified_type":
			return true
		}
		if x.Kind == "block" || x.Kind == "declaration_list" || x.Kind == "function_item" || x.Kind == "function_signature_item" {
			break
		}
	}
	fn := p.FnOf(o.File, n)
	return fn != nil && fn.Impl != nil && fn.Impl.Trait != "" && fn.Impl.TraitOf == nil && !p.assocWritten[o]
}

// FnOf returns the function whose signature holds n, or nil.
func (p *Package) FnOf(f *File, n *ast.Node) *FnItem {
	for _, fn := range p.ix.all {
		if fn.File == f && fn.Node.Start <= n.Start && n.End <= fn.Node.End {
			if fn.Body == nil || n.End <= fn.Body.Start {
				return fn
			}
		}
	}
	return nil
}

// seed starts the Send requirements at the spawns and #[async_trait]
// methods.
func (p *Package) seed() {
	p.requireProjections()
	for _, s := range p.spawns {
		why := &Reason{File: s.File, At: s.Call.Start, End: s.Call.End, Ref: s.Call.Start, Kind: "spawn", Spawner: s.Name}
		for _, sh := range s.Arg.Shapes() {
			if sh.Con == conFuture || sh.Con == conClosure {
				if sh.Spawned == nil {
					sh.Spawned = s
				}
			}
		}
		p.g.raise(s.Arg, s.Level, why)
		out := &Reason{File: s.File, At: s.Call.Start, End: s.Call.End, Ref: s.Call.Start, Kind: "output", Spawner: s.Name}
		p.g.raise(s.Out, Send, out)
	}
	for _, fn := range p.ix.all {
		if fn.AsyncTrait == "Send" && fn.decl.future != nil && fn.Body != nil {
			name := fn.Node.Child("name")
			if name == nil {
				name = fn.Node
			}
			p.g.raise(fn.decl.future, Send, &Reason{File: fn.File, At: name.Start, End: name.End, Ref: name.Start, Kind: "async_trait", Fn: fn.Name})
		}
	}
}

// settle passes levels on until they are stable, and makes every
// occurrence agree with the classes it is part of.
func (p *Package) settle() {
	for round := 0; round < 100; round++ {
		p.g.settle(p.fieldTerms)
		changed := false
		for _, l := range append(p.links, p.g.coercions...) {
			if d, c := root(l[0]), root(l[1]); d.level&^c.level != 0 {
				p.g.raise(c, d.level, d.why)
				changed = true
			}
		}
		for _, group := range p.twins {
			l, why := None, (*Reason)(nil)
			for _, o := range group {
				if ol, ow := o.Level(); ol&^l != 0 {
					l, why = l|ol, ow
				}
			}
			for _, o := range group {
				for _, t := range o.terms {
					if l&^root(t).level != 0 {
						p.g.raise(t, l, why)
						changed = true
					}
				}
			}
		}
		for i := 0; i < len(p.occList); i++ {
			o := p.occList[i]
			l, why := o.Level()
			for _, t := range o.terms {
				if l&^root(t).level != 0 {
					p.g.raise(t, l, why)
					changed = true
				}
			}
		}
		if !changed && len(p.g.work) == 0 {
			return
		}
	}
}

// MaxPackageBytes bounds the source a crate-wide type-flow analysis takes
// on, as a guard for a run's memory: measured on Debian's crate sources,
// every crate analysed whole (tokio's 3 MB in 0.6 s, winapi's 7.5 MB in
// 1.7 s, web-sys's 12 MB in 0.7 s), peak RSS stayed under 0.9 GB with the
// parse trees. Bigger packages are skipped.
const MaxPackageBytes = 16 << 20

// TooLarge reports whether the files exceed MaxPackageBytes.
func TooLarge(files []*rewrite.File) bool {
	n := 0
	for _, f := range files {
		n += len(f.Src)
	}
	return n > MaxPackageBytes
}

// SendBoundary is a cheap byte test for a file that may require Send: a
// spawn, an #[async_trait], a boxed future, a rayon parallel iterator
// (whose closures run on its threads), or Send written as a bound
// (`+ Send`, `T: Send`, `Box<dyn Send>`), not a name (`SendRecv`, a COM
// method `fn Send(..)`, `use core::marker::{Copy, Send}`), and not on a
// comment line (a doc example is not code the analysis reads). Sendfix.toml's
// spawners widen it (rewrite.Analysis.WithPrefilters).
func SendBoundary(src []byte) bool {
	for _, w := range [][]byte{[]byte("async_trait"), []byte(".boxed()"), []byte("BoxFuture"), []byte("par_iter"), []byte(".par_bridge()"), []byte(".par_chunks")} {
		for i := 0; ; {
			j := bytes.Index(src[i:], w)
			if j < 0 {
				break
			}
			if !inCommentLine(src, i+j) {
				return true
			}
			i += j + len(w)
		}
	}
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("spawn"))
		if j < 0 {
			break
		}
		at := i + j
		i = at + len("spawn")
		if at > 0 && ast.IdentByte(src[at-1]) || inCommentLine(src, at) {
			continue // posix_spawn, or a doc example
		}
		// A call (tokio::spawn(, .spawn_blocking(, spawn::<T>(), not a
		// definition (`fn spawn_thread(`) or a word in a comment.
		end := i
		for end < len(src) && ast.IdentByte(src[end]) {
			end++
		}
		k := end
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k < len(src) && (src[k] == '(' || src[k] == ':') && !bytes.HasSuffix(bytes.TrimRight(src[:at], " \t"), []byte("fn")) {
			return true
		}
	}
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("Send"))
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len("Send")
		i = end
		if at > 0 && ast.IdentByte(src[at-1]) || end < len(src) && ast.IdentByte(src[end]) || inCommentLine(src, at) {
			continue // part of a longer name, or a comment
		}
		k := at - 1
		for k >= 0 && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n') {
			k--
		}
		if k >= 0 {
			switch src[k] {
			case '+', ':':
				return true
			}
			if bytes.HasSuffix(src[:k+1], []byte("dyn")) {
				return true // not `unsafe impl Send for S {}`: that gives Send
			}
		}
		k = end
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n') {
			k++
		}
		if k < len(src) && src[k] == '+' {
			return true
		}
	}
}

// ContainsCodeWord is rustast.ContainsWord outside comment lines (see
// inCommentLine): a word only a comment holds gives the analysis nothing.
func ContainsCodeWord(src []byte, w string) bool {
	return ast.ContainsWordWhere(src, w, func(at int) bool { return !inCommentLine(src, at) })
}

// inCommentLine reports whether offset at is on a line that starts with
// `//` (a comment or doc comment line; within a string literal it is not
// code either). A `//` later in a line is not trusted: it may be inside a
// string ("http://").
func inCommentLine(src []byte, at int) bool {
	start := bytes.LastIndexByte(src[:at], '\n') + 1
	line := bytes.TrimLeft(src[start:at], " \t")
	return bytes.HasPrefix(line, []byte("//"))
}

// SignatureTwins returns, for an occurrence written in a parameter or the
// return type of a method of a package trait (in the trait's declaration
// or in an impl of it), the occurrences at the same place of the
// declaration and of every impl of the package: Rust wants an impl's
// signature to match the declaration's (E0053), so one changes only with
// all the others. ok is false when one of them is written differently,
// and could not take the same edit.
func (p *Package) SignatureTwins(o *Occ) (twins []*Occ, ok bool) {
	fn := p.FnOf(o.File, o.Node)
	if fn == nil {
		return nil, true
	}
	tr := fn.Trait
	if tr == nil && fn.Impl != nil {
		tr = fn.Impl.TraitOf
	}
	if tr == nil {
		return nil, true
	}
	typeAt := func(m *FnItem) *ast.Node { return m.Ret }
	if fn.Ret == nil || !fn.Ret.Contains(o.Node) {
		found := false
		for i, prm := range fn.Params {
			if prm.Contains(o.Node) {
				i := i
				typeAt = func(m *FnItem) *ast.Node {
					if i < len(m.Params) {
						return m.Params[i].Child("type")
					}
					return nil
				}
				found = true
				break
			}
		}
		if !found {
			return nil, true // a where clause, a generic's bounds: not this
		}
	}
	written := typeAt(fn)
	if written == nil || !written.Contains(o.Node) {
		return nil, true
	}
	text := ast.Compact(written.Text(o.File.Src))
	for _, m := range p.ix.all {
		if m == fn || m.Name != fn.Name || (m.Trait != tr && (m.Impl == nil || m.Impl.TraitOf != tr)) {
			continue
		}
		t := typeAt(m)
		if t == nil || ast.Compact(t.Text(m.File.Src)) != text {
			return nil, false
		}
		// The same text parses the same: the twin is the node of the same
		// kind at the same place in a walk of the type.
		n := nthOfKind(t, o.Node.Kind, indexOfKind(written, o.Node))
		if n == nil {
			return nil, false
		}
		twin, has := p.occs[occKey{file: m.File, start: n.Start, end: n.End, kind: o.Kind}]
		if !has {
			return nil, false
		}
		twins = append(twins, twin)
	}
	return twins, true
}

// indexOfKind returns how many nodes of n's kind come before n in a walk
// of root.
func indexOfKind(root, n *ast.Node) int {
	i, found := 0, false
	root.Walk(func(x *ast.Node) bool {
		if found {
			return false
		}
		if x == n {
			found = true
			return false
		}
		if x.Kind == n.Kind {
			i++
		}
		return true
	})
	return i
}

// nthOfKind returns the node of the kind that comes i-th in a walk of
// root, or nil.
func nthOfKind(root *ast.Node, kind string, i int) *ast.Node {
	var out *ast.Node
	root.Walk(func(x *ast.Node) bool {
		if out != nil {
			return false
		}
		if x.Kind == kind {
			if i == 0 {
				out = x
				return false
			}
			i--
		}
		return true
	})
	return out
}

// writtenTypes are the occurrence kinds that are types a pass rewrites.
var writtenTypes = map[OccKind]bool{OccRc: true, OccWeak: true, OccRefCell: true, OccCell: true, OccDyn: true}

// linkAssocTwins groups the written types of an associated type of an
// impl of another crate's trait (`type Error = Box<dyn Error>;`) with the
// same type spelled out in its methods' signatures: the trait's
// declaration says `Self::Error` there, so the two must stay equal.
func (p *Package) linkAssocTwins() {
	type assoc struct {
		node *ast.Node
		text string
		occs []*Occ
	}
	perImpl := map[*ImplItem][]assoc{}
	for _, fn := range p.ix.all {
		im := fn.Impl
		if im == nil || im.Trait == "" || im.TraitOf != nil {
			continue
		}
		list, done := perImpl[im]
		if !done {
			if body := im.Node.Child("body"); body != nil {
				for _, it := range body.NamedChildren() {
					a := assoc{node: it.Child("type")}
					if it.Kind != "type_item" || a.node == nil {
						continue
					}
					// Its occurrences, which a use (`Self::Error`) would make.
					p.typeTerm(im.File, a.node, &tenv{generics: fn.decl.env.generics, self: fn.decl.self})
					a.node.Walk(func(x *ast.Node) bool {
						for kind := range writtenTypes {
							if o, ok := p.occs[occKey{file: im.File, start: x.Start, end: x.End, kind: kind}]; ok {
								a.occs = append(a.occs, o)
							}
						}
						return true
					})
					if len(a.occs) > 0 {
						a.text = ast.Compact(a.node.Text(im.File.Src))
						list = append(list, a)
					}
				}
			}
			perImpl[im] = list
		}
		if len(list) == 0 {
			continue
		}
		var sig []*ast.Node
		if fn.Ret != nil {
			sig = append(sig, fn.Ret)
		}
		for _, prm := range fn.Params {
			if t := prm.Child("type"); t != nil {
				sig = append(sig, t)
			}
		}
		for _, a := range list {
			for _, root := range sig {
				root.Walk(func(x *ast.Node) bool {
					if x.End-x.Start < len(a.text) || ast.Compact(x.Text(fn.File.Src)) != a.text {
						return true
					}
					for _, ao := range a.occs {
						n := nthOfKind(x, ao.Node.Kind, indexOfKind(a.node, ao.Node))
						if n == nil {
							continue
						}
						if twin, ok := p.occs[occKey{file: fn.File, start: n.Start, end: n.End, kind: ao.Kind}]; ok {
							p.twins = append(p.twins, []*Occ{ao, twin})
							if p.assocWritten == nil {
								p.assocWritten = map[*Occ]bool{}
							}
							p.assocWritten[twin] = true
						}
					}
					return false
				})
			}
		}
	}
}

// linkTwins groups the written types of each package trait method's
// declaration with the same places of its impls.
func (p *Package) linkTwins() {
	byFile := map[*File][]*Occ{}
	for _, fn := range p.ix.all {
		if fn.Trait != nil {
			byFile[fn.File] = nil
		}
	}
	if len(byFile) == 0 {
		return
	}
	for _, o := range p.occList {
		if _, ok := byFile[o.File]; ok && writtenTypes[o.Kind] {
			byFile[o.File] = append(byFile[o.File], o)
		}
	}
	for _, fn := range p.ix.all {
		if fn.Trait == nil {
			continue
		}
		for _, o := range byFile[fn.File] {
			if !fn.Node.Contains(o.Node) || fn.Body != nil && fn.Body.Contains(o.Node) {
				continue
			}
			if twins, ok := p.SignatureTwins(o); ok && len(twins) > 0 {
				p.twins = append(p.twins, append([]*Occ{o}, twins...))
			}
		}
	}
}

// superTraits gives each package trait the Send level of its package
// supertraits (`trait Plugin: Named` with `trait Named: Send + Sync`).
func (p *Package) superTraits() {
	// Send and Sync add up: `trait Backend: Named + Sync` with `trait
	// Named: Send` is Send + Sync.
	bits := map[*TraitItem]int{}
	for _, ts := range p.ix.traits {
		for _, t := range ts {
			bits[t] = t.Send
			if b := t.Node.Child("bounds"); b != nil {
				for _, c := range b.NamedChildren() {
					switch lastSeg(c.Text(t.File.Src)) {
					case "Send":
						bits[t] |= 1
					case "Sync":
						bits[t] |= 2
					}
				}
			}
		}
	}
	for changed, round := true, 0; changed && round < 16; round++ {
		changed = false
		for _, ts := range p.ix.traits {
			for _, t := range ts {
				b := t.Node.Child("bounds")
				if b == nil || bits[t] == 3 {
					continue
				}
				for _, c := range b.NamedChildren() {
					name := c
					if c.Kind == "generic_type" {
						name = c.Child("type")
					}
					if name == nil {
						continue
					}
					if sup := p.traitAt(t.File, c, lastSeg(name.Text(t.File.Src))); sup != nil && sup != t && bits[t]|bits[sup] != bits[t] {
						bits[t] |= bits[sup]
						changed = true
					}
				}
			}
		}
	}
	for t, b := range bits {
		t.Send = b
	}
}

// HeldRawPointer is a value a Send future holds (across an await, or
// captured) whose type holds a raw pointer, in a field of Owner.
type HeldRawPointer struct {
	Why   *Reason
	Owner *StructItem
}

// HeldRawPointers returns the values the spawned futures (and what they
// await) hold that hold a raw pointer, one per place.
func (p *Package) HeldRawPointers() []HeldRawPointer {
	var out []HeldRawPointer
	seenAt := map[int]bool{}
	seen := map[*Term]bool{}
	var futures func(t *Term, depth int)
	futures = func(t *Term, depth int) {
		r := root(t)
		if depth > 8 || seen[r] {
			return
		}
		seen[r] = true
		for _, s := range r.shapes {
			if s.Con != conFuture {
				continue
			}
			for i, a := range s.Args {
				if why := argWhy(s, i, nil); why != nil && why.File != nil && !seenAt[why.At] {
					if found, owner := p.rawPointerOwner(a, 0, map[*Term]bool{}); found && owner != nil {
						seenAt[why.At] = true
						out = append(out, HeldRawPointer{Why: why, Owner: owner})
					}
				}
				futures(a, depth+1)
			}
		}
	}
	for _, sp := range p.spawns {
		futures(sp.Arg, 0)
	}
	// Futures that must be Send for other reasons (given to a generic
	// bounded by Send, boxed into a Send object).
	for _, fn := range p.ix.all {
		if fn.decl != nil && fn.decl.future != nil && root(fn.decl.future).level&Send != 0 {
			futures(fn.decl.future, 0)
		}
	}
	return out
}

// rawPointerOwner reports whether a value of t's class holds a raw
// pointer (not through a struct the package says is Send, a trait object
// or a generic), and the innermost package struct whose field holds it.
func (p *Package) rawPointerOwner(t *Term, depth int, seen map[*Term]bool) (bool, *StructItem) {
	r := root(t)
	if depth > 6 || seen[r] {
		return false, nil
	}
	seen[r] = true
	for _, s := range r.shapes {
		switch {
		case s.Con == conOther && s.Name == rawPointer:
			return true, nil
		case s.Con == conStruct:
			if s.Item == nil || s.Item.Manual&Send != 0 {
				continue
			}
			for _, f := range p.fieldTerms(s) {
				if found, owner := p.rawPointerOwner(f, depth+1, seen); found {
					if owner == nil {
						owner = s.Item
					}
					return true, owner
				}
			}
		case s.Con == conDyn || s.Con == conImpl || s.Con == conParam || s.Con == conFuture || s.Con == conClosure:
		default:
			for _, a := range s.Args {
				if found, owner := p.rawPointerOwner(a, depth+1, seen); found {
					return true, owner
				}
			}
		}
	}
	return false, nil
}

// Holds reports whether a value of t's class holds one of u's: u's class
// is t's, or a closure capture, a field of a package struct or a type
// argument of it, recursively (to a bounded depth).
func (p *Package) Holds(t, u *Term) bool {
	target := root(u)
	return p.walkHeld(t, false, func(r *Term) bool { return r == target }, nil, nil)
}

// walkHeld walks the classes a value of t's class holds, t's first:
// shapes' arguments, struct fields, values coerced into an object and,
// with links, a call's instance of a declaration's parameter. It stops
// with true when class(r) or leaf(s) says found; leaf's stop skips what a
// shape holds, and skip a whole class.
func (p *Package) walkHeld(t *Term, links bool, class func(r *Term) bool, leaf func(s *Shape) (found, stop bool), skip func(r *Term) bool) bool {
	seen := map[*Term]bool{}
	var visit func(x *Term, depth int) bool
	visit = func(x *Term, depth int) bool {
		r := root(x)
		if class != nil && class(r) {
			return true
		}
		if depth > 6 || seen[r] || skip != nil && skip(r) {
			return false
		}
		seen[r] = true
		for _, s := range r.shapes {
			if leaf != nil {
				if found, stop := leaf(s); found {
					return true
				} else if stop {
					continue
				}
			}
			kids := s.Args
			if s.Con == conStruct {
				kids = p.fieldTerms(s)
			}
			for _, k := range kids {
				if visit(k, depth+1) {
					return true
				}
			}
		}
		next := p.coercedInto(r)
		if links {
			next = append(next[:len(next):len(next)], p.linkedFrom(r)...)
		}
		for _, v := range next {
			if visit(v, depth+1) {
				return true
			}
		}
		return false
	}
	return visit(t, 0)
}

// NeverSend describes a value of t's class that nothing sendfix writes
// can make Send (a raw pointer, in a field or behind any pointer or lock);
// "" when there is none.
func (p *Package) NeverSend(t *Term) string {
	return p.holdsNever(t, Send, func(s *Shape) (string, bool) {
		switch {
		case s.Con == conRef && len(s.Args) > 0:
			return p.NeverSync(s.Args[0]), true // a &T is Send when T is Sync
		case s.Con == conRc && s.Name == "Arc" && len(s.Args) > 0:
			if d := p.NeverSync(s.Args[0]); d != "" {
				return d, true // an Arc<T> is Send when T is Send and Sync
			}
			return "", false
		case s.Con == conStruct && s.Item != nil && s.Item.Manual&Send != 0:
			return "", true // `unsafe impl Send for S {}`
		case s.Con == conOther && s.Name == rawPointer:
			return "a raw pointer", true
		case s.Con == conDyn || s.Con == conImpl || s.Con == conParam || s.Con == conOther:
			return "", true // its own bounds (or another crate's type) decide
		}
		return "", false
	})
}

// NeverSync describes a value of t's class that no bound can make Sync
// (std's mpsc Receiver, a raw pointer), held where sharing t shares it
// too (not behind a Mutex); "" when there is none.
func (p *Package) NeverSync(t *Term) string {
	return p.holdsNever(t, Sync, func(s *Shape) (string, bool) {
		switch s.Con {
		case conStruct:
			return "", s.Item != nil && s.Item.Manual&Sync != 0 // `unsafe impl Sync for S {}`
		case conChan:
			if s.Name == stdReceiver {
				return "a std::sync::mpsc::Receiver", true
			}
			return "", true // a channel end is Sync when what it carries is Send
		case conLock:
			return "", s.Name != "RwLock" // a Mutex is Sync when what it holds is Send
		case conOther:
			if s.Name == rawPointer {
				return "a raw pointer", true
			}
			return "", true
		case conDyn, conImpl, conParam, conCell:
			return "", true
		}
		return "", false
	})
}

// holdsNever describes the first value of t's class (see walkHeld, links
// followed) that leaf describes; leaf's stop ends the walk at a shape. A
// class one of whose structs vouches for the level (`unsafe impl Sync`)
// is not walked: an iterator read as its items shares a class with them,
// and the items' word is the one to trust.
func (p *Package) holdsNever(t *Term, level int, leaf func(s *Shape) (desc string, stop bool)) string {
	desc := ""
	p.walkHeld(t, true, nil, func(s *Shape) (bool, bool) {
		d, stop := leaf(s)
		if d != "" {
			desc = d
		}
		return d != "", stop
	}, func(r *Term) bool {
		for _, s := range r.shapes {
			if s.Con == conStruct && s.Item != nil && s.Item.Manual&level != 0 {
				return true
			}
		}
		return false
	})
	return desc
}

// linkedFrom returns the classes a link passes r's requirements to (a
// generic call's own instance of a declaration's parameter).
func (p *Package) linkedFrom(r *Term) []*Term {
	if p.linked == nil {
		p.linked = byFirst(p.links)
	}
	return p.linked[r]
}

// coercedInto returns the classes of the values coerced into the trait
// object class r (see graph.coercions): an object holds its value.
func (p *Package) coercedInto(r *Term) []*Term {
	if p.coerced == nil {
		p.coerced = byFirst(p.g.coercions)
	}
	return p.coerced[r]
}

// byFirst indexes pairs of classes by the root of the first, once
// inference is done.
func byFirst(pairs [][2]*Term) map[*Term][]*Term {
	out := map[*Term][]*Term{}
	for _, c := range pairs {
		first := root(c[0])
		out[first] = append(out[first], c[1])
	}
	return out
}

// ReturnHolds reports whether the value fn returns, whose written type
// says Send (`-> impl Future<Output = T> + Send`), holds a value of o's
// class: a parameter its returned future captures.
func (p *Package) ReturnHolds(fn *FnItem, o *Occ) bool {
	if fn.decl == nil || fn.Ret == nil || !ast.ContainsWord(fn.File.Src[fn.Ret.Start:fn.Ret.End], "Send") {
		return false
	}
	for _, t := range o.terms {
		if p.Holds(fn.decl.ret, t) {
			return true
		}
	}
	return false
}
