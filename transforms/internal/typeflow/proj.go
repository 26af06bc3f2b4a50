package typeflow

import (
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// Projections are the associated types of a generic parameter (`H::Fut`
// for `H: Handler`), as a method of the parameter's trait returns them
// (`fn handle(&self) -> Self::Fut`). Each is a class of its own, one per
// parameter and name, with an occurrence (OccProj) on the parameter: a
// projection that must be Send needs a where predicate `H::Fut: Send`, as
// rustc says ("consider further restricting the associated type").

// projectedResult returns the projection a call `recv.name(..)` evaluates
// to when recv is a generic parameter of the package's fns and the
// method, one of its trait's, returns `Self::X`. tower's Service, a trait
// of another crate, is known by name: its `call` returns `Self::Future`.
func (w *walker) projectedResult(recv *Term, name string, fns []*FnItem) *Term {
	g, sh := paramOf(recv)
	if g == nil {
		return nil
	}
	switch {
	case len(fns) == 1 && fns[0].Trait != nil && fns[0].Trait == sh.Trait && fns[0].Ret != nil && !fns[0].Async:
		ret := compact(fns[0].Ret.Text(fns[0].File.Src))
		assoc := strings.TrimPrefix(ret, "Self::")
		if assoc == ret || !isIdent(assoc) || bindsAssoc(g, assoc) {
			return nil // bindsAssoc: `H: Handler<Fut = F>` is a known type, not a projection
		}
		return w.p.traitProjection(g, fns[0].Trait, assoc)
	case len(fns) == 0 && name == "call" && sh.Trait == nil && sh.Bounds != nil && sh.Bounds.Trait == "Service":
		if bindsAssoc(g, "Future") {
			return nil
		}
		// type Future: Future<Output = Result<Self::Response, Self::Error>>
		t := w.p.projection(g, "Future", "Future", 0)
		assoc := func(name string) *Term {
			if ty := boundAssoc(g, name); ty != nil {
				return w.p.typeTerm(g.File, ty, w.env) // `M: Service<R, Response = S>`
			}
			return w.p.projection(g, name, "", 0)
		}
		res := &Shape{Con: conResult, Args: []*Term{assoc("Response"), assoc("Error")}}
		w.p.g.unify(root(t).shape(conParam).Out, w.p.g.withShape(res))
		return t
	}
	return nil
}

// traitProjection returns the projection of g's associated type assoc of
// the package trait tr; a future's output written `Self::Y` is the
// projection Y.
func (p *Package) traitProjection(g *GenericParam, tr *TraitItem, assoc string) *Term {
	decl := assocDecl(tr, assoc)
	trait, bits, out := assocBounds(tr, decl)
	t := p.projection(g, assoc, trait, bits)
	if y := strings.TrimPrefix(out, "Self::"); y != out && isIdent(y) && y != assoc {
		if sh := root(t).shape(conParam); sh != nil && sh.Out != nil {
			_, ybits, _ := assocBounds(tr, assocDecl(tr, y))
			p.g.unify(sh.Out, p.projection(g, y, "", ybits))
		}
	}
	return t
}

// paramOf returns the generic parameter whose declaration's class t (or
// what it references) is, with its shape; nil when there is none or more
// than one.
func paramOf(t *Term) (*GenericParam, *Shape) {
	r := root(derefAll(t))
	var g *GenericParam
	for _, o := range r.occs {
		if o.Kind == OccBounds && o.Param != nil {
			if g != nil && g.Node != o.Param.Node {
				return nil, nil
			}
			g = o.Param
		}
	}
	sh := r.shape(conParam)
	if g == nil || sh == nil {
		return nil, nil
	}
	return g, sh
}

// projection returns the class of g's associated type assoc, whose
// declaration bounds it by trait and the Send/Sync bits given.
func (p *Package) projection(g *GenericParam, assoc, trait string, bits int) *Term {
	key := occKey{file: g.File, start: g.Node.Start, end: g.Node.End, kind: OccProj, assoc: assoc}
	if t, ok := p.projs[key]; ok {
		return t
	}
	bits |= whereBits(g, assoc)
	info := &BoundInfo{Trait: trait, Bits: bits, Outer: g.Node}
	sh := &Shape{Con: conParam, Name: trait, Bounds: info}
	switch trait {
	case "Future", "Fn", "FnMut", "FnOnce":
		sh.Out = p.g.fresh()
	}
	t := p.g.withShape(sh)
	o := &Occ{File: g.File, Node: g.Node, Kind: OccProj, Param: g, Assoc: assoc, Bounds: info}
	p.occs[key] = o
	p.occList = append(p.occList, o)
	p.attach(o, t)
	p.projs[key] = t
	return t
}

// assocDecl returns the declaration of a trait's associated type.
func assocDecl(tr *TraitItem, assoc string) *ast.Node {
	body := tr.Node.Child("body")
	if body == nil {
		return nil
	}
	for _, c := range body.NamedChildren() {
		if c.Kind == "associated_type" && text(c.Child("name"), tr.File.Src) == assoc {
			return c
		}
	}
	return nil
}

// assocBounds reads the bounds of an associated type's declaration: its
// main trait, the Send (1) and Sync (2) bits written, and the Output a
// Future bound binds, as written (compacted).
func assocBounds(tr *TraitItem, decl *ast.Node) (trait string, bits int, output string) {
	if decl == nil || decl.Child("bounds") == nil {
		return "", 0, ""
	}
	src := tr.File.Src
	for _, x := range decl.Child("bounds").NamedChildren() {
		name := x.Text(src)
		if x.Kind == "generic_type" {
			name = text(x.Child("type"), src)
		}
		switch lastSeg(name) {
		case "Send":
			bits |= 1
		case "Sync":
			bits |= 2
		default:
			if trait == "" && x.Kind != "lifetime" {
				trait = lastSeg(name)
			}
		}
		if lastSeg(name) == "Future" {
			if ty := bindingOf(x, "Output", src); ty != nil {
				output = compact(text(ty, src))
			}
		}
	}
	return trait, bits, output
}

// whereBits returns the Send (1) and Sync (2) bits the where clause of g's
// item writes for `G::assoc`.
func whereBits(g *GenericParam, assoc string) int {
	if g.Node.Parent == nil {
		return 0
	}
	return WhereBits(g.File, g.Node.Parent.Parent, g.Name, assoc)
}

// WhereBits returns the Send (1) and Sync (2) bits the where clause of
// item writes for `param::assoc` or `<param as Trait>::assoc`.
func WhereBits(f *File, item *ast.Node, param, assoc string) int {
	if item == nil {
		return 0
	}
	where := whereClause(item)
	if where == nil {
		return 0
	}
	src := f.Src
	bits := 0
	for _, pred := range where.NamedChildren() {
		left, b := pred.Child("left"), pred.Child("bounds")
		if pred.Kind != "where_predicate" || left == nil || b == nil {
			continue
		}
		l := compact(left.Text(src))
		if l != param+"::"+assoc && !(strings.HasPrefix(l, "<"+param+"as") && strings.HasSuffix(l, ">::"+assoc)) {
			continue
		}
		bs := b.Text(src)
		if ast.ContainsWord([]byte(bs), "Send") {
			bits |= 1
		}
		if ast.ContainsWord([]byte(bs), "Sync") {
			bits |= 2
		}
	}
	return bits
}

// bindsAssoc reports whether g's bounds bind its associated type assoc
// to a type (`H: Handler<Fut = F>`).
func bindsAssoc(g *GenericParam, assoc string) bool {
	return boundAssoc(g, assoc) != nil
}

// boundAssoc returns the type g's bounds bind its associated type assoc
// to, or nil.
func boundAssoc(g *GenericParam, assoc string) *ast.Node {
	var found *ast.Node
	for _, b := range g.Bounds {
		b.Walk(func(x *ast.Node) bool {
			if x.Kind == "type_binding" && text(x.Child("name"), g.File.Src) == assoc && x.Child("type") != nil {
				found = x.Child("type")
			}
			return found == nil
		})
	}
	return found
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !ast.IdentByte(s[i]) {
			return false
		}
	}
	return true
}

// projReq is a where predicate `S::Future: Send` of a called fn: the
// call's parameter S (its class), the associated type, and what it needs.
type projReq struct {
	param *Term
	assoc string
	level int
	why   *Reason
}

// recordProjections notes, for a call, the where predicates of a call's generic
// parameters' associated types (`S::Future: Send + 'static`): once the
// argument's type is known, its impl's `type Future = ..;` must be Send
// (see requireProjections).
func (p *Package) recordProjections(fn *FnItem, env *tenv, f *File, call *ast.Node) {
	where := whereClause(fn.Node)
	if where == nil {
		return
	}
	src := fn.File.Src
	for _, pred := range where.NamedChildren() {
		left, b := pred.Child("left"), pred.Child("bounds")
		if pred.Kind != "where_predicate" || left == nil || b == nil {
			continue
		}
		param, assoc, ok := strings.Cut(compact(left.Text(src)), "::")
		t := env.generics[param]
		if !ok || t == nil || !isIdent(assoc) {
			continue
		}
		bits := WhereBits(fn.File, fn.Node, param, assoc)
		if bits == 0 {
			continue
		}
		p.projReqs = append(p.projReqs, projReq{param: t, assoc: assoc, level: bits,
			why: &Reason{File: f, At: call.Start, End: call.End, Ref: call.Start, Kind: "bound", Name: "where " + oneLine(pred.Text(src))}})
	}
}

// requireProjections raises, for each recorded predicate whose parameter
// is now known to be a struct of the package, the type its impl gives the
// associated type (`type Future = Pin<Box<dyn Future<..>>>;` of `impl
// Service<R> for Static`), so that the trait object there gets `+ Send`.
func (p *Package) requireProjections() {
	for _, r := range p.projReqs {
		for _, sh := range r.param.Shapes() {
			if sh.Con != conStruct || sh.Item == nil {
				continue
			}
			for _, im := range p.ix.impls {
				if im.Struct != sh.Item || im.Trait == "" {
					continue
				}
				if ty := implAssocType(im, r.assoc); ty != nil {
					p.g.raise(p.typeTerm(im.File, ty, &tenv{generics: map[string]*Term{}}), r.level, r.why)
				}
			}
		}
	}
}

// implAssocType returns the type an impl gives its associated type name
// (`type Future = T;`), or nil.
func implAssocType(im *ImplItem, name string) *ast.Node {
	body := im.Node.Child("body")
	if body == nil {
		return nil
	}
	for _, it := range body.NamedChildren() {
		if it.Kind == "type_item" && it.Child("name") != nil && it.Child("name").Text(im.File.Src) == name {
			return it.Child("type")
		}
	}
	return nil
}
