package typeflow

import ast "sendfix/transforms/internal/rustast"

// Terms are type variables in a union-find: two values that must have the
// same type (a variable and what is assigned to it, an argument and its
// parameter, a field and the value stored in it) share one class. A class
// carries the shapes the code gives it (Rc<T>, RefCell<T>, a struct, a
// future, a dyn trait, ...), the textual occurrences whose rewrite depends
// on it, and a Send level: what the code requires of values of that type.

// Level is what a class of values must be: a set of auto traits, so that
// a value only shared by reference (`&T` is Send when T is Sync) is not
// asked to be Send too.
const (
	None     = 0
	Send     = 1 // moved to another thread
	Sync     = 2 // shared with another thread (behind a &)
	SendSync = Send | Sync
)

// Term is one type variable.
type Term struct {
	parent *Term
	// The fields below are valid on the root of a class only.
	level  int
	why    *Reason
	shapes []*Shape
	occs   []*Occ
	id     int
	// confused: the inference merged two types that cannot be one (two
	// structs of the package, a struct and a Mutex): it went wrong
	// somewhere, so the class neither takes nor passes on a requirement.
	confused bool
}

// Shape is one thing the code says a class is.
type Shape struct {
	Con  string  // see the con* constants
	Name string  // the struct, trait or type name; the original std type ("RefCell", "Mutex", ...)
	Args []*Term // type arguments, in order; for futures and closures, what they hold
	Out  *Term   // futures and closures: their output; dyn/impl Future: Output

	// Why, for futures and closures: why each Args[i] is held.
	Why []*Reason

	Item   *StructItem      // conStruct
	fields map[string]*Term // conStruct: instantiated field types
	shared bool             // fields is the struct's shared set
	Bounds *BoundInfo       // conDyn, conImpl, conParam: the written bounds
	Trait  *TraitItem       // conDyn, conImpl, conParam: the package trait, if any
	seen   map[any]bool     // futures: keys of the held values already added

	// Spawned is the spawn that moves this future or closure to another
	// thread, if any.
	Spawned *Spawn
	// Node is the async block, closure or fn of a future or closure.
	Node *ast.Node
	term *Term // the class the shape was first given to (see Required)
}

// Required returns why the class of a future or closure must be Send or
// Sync, or nil.
func (s *Shape) Required() *Reason {
	if s.term == nil {
		return nil
	}
	return root(s.term).why
}

// The shape constructors.
const (
	conRc      = "rc"      // Rc, Arc, rc::Weak, sync::Weak: a shared pointer to Args[0]
	conChan    = "chan"    // a channel's Sender or Receiver of Args[0]: read through like a pointer
	conLock    = "lock"    // RefCell, Mutex, RwLock: interior mutability of Args[0]
	conCell    = "cell"    // Cell: a copyable value Args[0]
	conRef     = "ref"     // &T
	conRefMut  = "refmut"  // &mut T
	conTuple   = "tuple"   // (A, B, ..)
	conResult  = "result"  // Result<T, E>
	conMap     = "map"     // HashMap<K, V>, BTreeMap<K, V>
	conStruct  = "struct"  // a struct or enum of the package (Name)
	conOther   = "other"   // any other generic type: Name<Args..>
	conFuture  = "future"  // an async fn's or async block's future
	conClosure = "closure" // a closure: Args are its captures
	conDyn     = "dyn"     // dyn Trait
	conImpl    = "impl"    // impl Trait in a return type
	conParam   = "param"   // a generic type parameter or an `impl Trait` argument
)

// Shape names that say more than the constructor.
const (
	stdReceiver = "std::sync::mpsc::Receiver" // a conChan: std's mpsc Receiver, never Sync
	rawPointer  = "raw pointer"               // a conOther: *const T or *mut T, never Send nor Sync
)

// Reason says why a class must be Send: the place that requires it.
type Reason struct {
	File    *File
	At, End int    // the place to report
	Ref     int    // a related place: the spawn, the await
	Kind    string // "spawn", "output", "capture", "held", "await", "param", "async_trait", "bound"
	Name    string // the variable captured or held
	Fn      string // the async fn whose future holds it; "" for an async block or closure
	Spawner string // for spawn and output: the spawner as written
	Owner   *Shape // the future or closure that holds the value
}

type graph struct {
	next int
	// work is the list of classes whose level rose and whose shapes must
	// pass it on.
	work []*Term
	// coercions are trait objects and the values coerced into them (see
	// coercion): what the object must be, the value must be, but not the
	// other way round (one `Box<dyn Formatter>` needing Send does not make
	// another one, holding the same struct elsewhere, need it).
	coercions [][2]*Term
}

func (g *graph) fresh() *Term {
	g.next++
	return &Term{id: g.next}
}

func (g *graph) withShape(s *Shape) *Term {
	t := g.fresh()
	t.shapes = []*Shape{s}
	if s.term == nil {
		s.term = t
	}
	return t
}

func root(t *Term) *Term {
	r := t
	for r.parent != nil {
		r = r.parent
	}
	for t.parent != nil {
		next := t.parent
		t.parent = r
		t = next
	}
	return r
}

// Shapes returns the shapes of t's class.
func (t *Term) Shapes() []*Shape { return root(t).shapes }

// Level returns the Send level of t's class.
func (t *Term) Level() int { return root(t).level }

// Why returns the reason t's class got its level.
func (t *Term) Why() *Reason { return root(t).why }

// Occs returns the occurrences attached to t's class.
func (t *Term) Occs() []*Occ { return root(t).occs }

// Same reports whether a and b are one class.
func Same(a, b *Term) bool { return root(a) == root(b) }

func (t *Term) shape(con string) *Shape {
	for _, s := range root(t).shapes {
		if s.Con == con {
			return s
		}
	}
	return nil
}

func (t *Term) has(con string) bool { return t.shape(con) != nil }

// structural shapes unify their arguments pairwise when they meet.
var structural = map[string]bool{
	conRc: true, conChan: true, conLock: true, conCell: true, conRef: true, conRefMut: true, conTuple: true,
	conResult: true, conMap: true, conStruct: true, conOther: true,
}

// unify makes a and b one class. A pointer meeting a non-pointer is taken
// as an auto-deref (`&Rc<Node>` passed where `&Node` is expected): the
// pointee is unified instead. The work is a loop, not a recursion: types
// can be deep and cyclic.
func (g *graph) unify(a, b *Term) { g.join(a, b, false) }

// flow is unify for a value that flows into a place of a written type (an
// argument into a parameter): where a trait object meets an object with
// other auto traits written (`&(dyn Signer + Sync)` passed as `&dyn
// Signer`), the value coerces into the place's object, dropping auto
// traits: what the place's object must be, the value's must be too, but
// not the other way round.
func (g *graph) flow(value, place *Term) { g.join(value, place, true) }

// coercionSite reports whether a value of the written type typ can take
// an object with more auto traits by coercion: typ is a reference, a Box,
// an Rc, an Arc or a Pin of one at its top (`&dyn A`, `Box<dyn A>`), not
// a container around it (`Option<&dyn A>` takes no coercion: rustc says
// E0308), whose term the inference does not tell from its element's.
func coercionSite(typ *ast.Node, src []byte) bool {
	if typ == nil {
		return false
	}
	switch typ.Kind {
	case "reference_type", "pointer_type", "dynamic_type", "abstract_type", "bounded_type":
		return true
	case "generic_type":
		switch lastSeg(text(typ.Child("type"), src)) {
		case "Box", "Rc", "Arc", "Pin":
			return true
		}
	}
	return false
}

// coercesAt is coercionSite for a value expression too: an Option or a
// Result whose value is built where it is returned (`Some(&**x)`, `Ok(b)`,
// a match whose arms do) coerces inside the constructor.
func coercesAt(typ, value *ast.Node, src []byte) bool {
	if coercionSite(typ, src) {
		return true
	}
	if typ == nil || typ.Kind != "generic_type" {
		return false
	}
	switch lastSeg(text(typ.Child("type"), src)) {
	case "Option", "Result":
		return value != nil && constructed(value, src, 0)
	}
	return false
}

// constructed reports whether every value an expression can evaluate to
// is `Some(..)`, `Ok(..)`, `Err(..)` or `None` written there.
func constructed(v *ast.Node, src []byte, depth int) bool {
	v = ast.Unparen(v)
	if v == nil || depth > 8 {
		return false
	}
	switch v.Kind {
	case "identifier":
		return v.Text(src) == "None"
	case "call_expression":
		switch text(v.Child("function"), src) {
		case "Some", "Ok", "Err":
			return true
		}
	case "match_expression":
		body := v.Child("body")
		if body == nil {
			return false
		}
		for _, arm := range body.NamedChildren() {
			if arm.Kind == "match_arm" && !constructed(arm.Child("value"), src, depth+1) {
				return false
			}
		}
		return true
	case "block":
		for i := len(v.NamedChildren()) - 1; i >= 0; i-- {
			c := v.NamedChildren()[i]
			if c.Kind == "line_comment" || c.Kind == "block_comment" {
				continue
			}
			return c.Kind != "expression_statement" && constructed(c, src, depth+1)
		}
	}
	return false
}

// pair is two terms to join; directed: the first flows into the second.
type pair struct {
	a, b     *Term
	directed bool
}

func (g *graph) join(a, b *Term, directed bool) {
	if a == nil || b == nil {
		return
	}
	stack := []pair{{a, b, directed}}
	derefs := map[[2]int]bool{}
	for steps := 0; len(stack) > 0 && steps < 100000; steps++ {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		ra, rb := root(top.a), root(top.b)
		if ra == rb {
			continue
		}
		if p := derefMismatch(ra, rb); p != nil && !derefs[[2]int{ra.id, rb.id}] {
			derefs[[2]int{ra.id, rb.id}] = true
			stack = append(stack, pair{p, rb, top.directed})
			continue
		}
		if p := derefMismatch(rb, ra); p != nil && !derefs[[2]int{rb.id, ra.id}] {
			derefs[[2]int{rb.id, ra.id}] = true
			stack = append(stack, pair{ra, p, top.directed})
			continue
		}
		if va, pb := differentObjects(ra, rb); top.directed && va != nil {
			// Kept apart, pointers to them too (`&(dyn A + Sync)` into
			// `&dyn A`): one class would give the place the value's needs.
			g.coercions = append(g.coercions, [2]*Term{rb, ra})
			g.raise(ra, rb.level, rb.why)
			if so, sv := outShape(pb), outShape(va); so != nil && sv != nil {
				stack = append(stack, pair{sv.Out, so.Out, true})
			}
			continue
		}
		if obj, val := coercion(ra, rb); obj != nil {
			g.coercions = append(g.coercions, [2]*Term{obj, val})
			g.raise(val, obj.level, obj.why)
			// A closure's or future's output is the object's Output.
			if so, sv := outShape(obj), outShape(val); so != nil && sv != nil {
				stack = append(stack, pair{so.Out, sv.Out, false})
			}
			continue
		}
		swapped := rb.id < ra.id // union attaches the younger class to the older
		for _, pr := range g.union(ra, rb) {
			if swapped {
				pr[0], pr[1] = pr[1], pr[0]
			}
			stack = append(stack, pair{pr[0], pr[1], top.directed})
		}
	}
}

// differentObjects returns the trait objects a and b are, or point to
// through the same pointers, when their written auto traits differ; nil
// otherwise.
func differentObjects(a, b *Term) (*Term, *Term) {
	for i := 0; i < 8; i++ {
		if objectsDiffer(a, b) {
			return a, b
		}
		pa, pb := shapeIn(a, conRef, conRefMut, conRc), shapeIn(b, conRef, conRefMut, conRc)
		if pa == nil || pb == nil || pa.Con != pb.Con || len(pa.Args) == 0 || len(pb.Args) == 0 {
			return nil, nil
		}
		a, b = root(pa.Args[0]), root(pb.Args[0])
	}
	return nil, nil
}

// objectsDiffer reports whether a and b are both trait objects (not a
// package struct read as one) with different auto traits written.
func objectsDiffer(a, b *Term) bool {
	da, db := shapeIn(a, conDyn), shapeIn(b, conDyn)
	if da == nil || db == nil || packageStruct(a) != nil || packageStruct(b) != nil || da.Bounds == nil || db.Bounds == nil {
		return false
	}
	return da.Bounds.Bits != db.Bounds.Bits
}

// coercion returns the trait object's class and the value's when one of
// a and b is a trait object and the other a value coerced into it (a
// struct, a closure, a future, an iterator read as its items), or nil.
func coercion(a, b *Term) (obj, val *Term) {
	object := func(t *Term) bool { return shapeIn(t, conDyn) != nil && packageStruct(t) == nil }
	value := func(t *Term) bool {
		// A pointer meeting an object is the inference's own approximation
		// (`b.as_ref()` read as the box itself), not a coercion. A package
		// struct is a value even when a generic's instance is it too.
		if packageStruct(t) != nil {
			return shapeIn(t, conDyn, conRef, conRefMut, conRc) == nil
		}
		return len(t.shapes) > 0 && shapeIn(t, conDyn, conParam, conRef, conRefMut, conRc) == nil
	}
	a, b = root(a), root(b)
	switch {
	case object(a) && value(b):
		return a, b
	case object(b) && value(a):
		return b, a
	}
	return nil, nil
}

func outShape(t *Term) *Shape {
	for _, s := range t.shapes {
		if s.Out != nil {
			return s
		}
	}
	return nil
}

func packageStruct(t *Term) *Shape {
	for _, s := range t.shapes {
		if s.Con == conStruct && s.Item != nil {
			return s
		}
	}
	return nil
}

// union joins two roots and returns the argument pairs that must be
// unified in turn.
func (g *graph) union(ra, rb *Term) [][2]*Term {
	// Attach the younger class to the older, so classes keep stable ids.
	if rb.id < ra.id {
		ra, rb = rb, ra
	}
	rb.parent = ra
	levelA, levelB := ra.level, rb.level
	whyB := rb.why
	var pending [][2]*Term
	for _, sb := range rb.shapes {
		merged := false
		if structural[sb.Con] {
			for _, sa := range ra.shapes {
				if sa.Con == sb.Con && sameName(sa, sb) && len(sa.Args) == len(sb.Args) {
					for i := range sa.Args {
						pending = append(pending, [2]*Term{sa.Args[i], sb.Args[i]})
						if obj, _ := coercion(root(sb.Args[i]), root(sa.Args[i])); obj != nil && root(sb.Args[i]) == obj {
							// `Arc<dyn Store>` meets `Arc<FfiStore>`: one pointer
							// class (both convert together), whose pointee is the
							// object's; the struct only takes its requirements.
							sa.Args[i] = sb.Args[i]
						}
					}
					if sa.Con == conStruct && sb.fields != nil {
						if sa.fields == nil {
							sa.fields, sa.shared = sb.fields, sb.shared
						}
						for name, ft := range sb.fields {
							if fa, ok := sa.fields[name]; ok {
								pending = append(pending, [2]*Term{fa, ft})
							} else {
								sa.fields[name] = ft
							}
						}
					}
					if sa.Con == conLock && sa.Name == "RefCell" {
						sa.Name = sb.Name // a Mutex wins: the class is already partly converted
					}
					merged = true
					break
				}
			}
		}
		if !merged && sb.Out != nil {
			for _, sa := range ra.shapes {
				if sa.Out != nil && sa != sb {
					pending = append(pending, [2]*Term{sa.Out, sb.Out})
					break
				}
			}
		}
		if !merged {
			ra.shapes = append(ra.shapes, sb)
		}
	}
	ra.occs = append(ra.occs, rb.occs...)
	rb.shapes, rb.occs = nil, nil
	if ra.confused || rb.confused || conflicting(ra.shapes) {
		ra.confused = true
		ra.level, ra.why = None, nil
		return nil // its parts stay apart: no use merging them further
	}
	if levelB > levelA || levelB == levelA && Better(whyB, ra.why) {
		ra.level = levelB
		ra.why = whyB
	}
	if levelA != levelB {
		// Each side's shapes must now carry the merged level.
		g.work = append(g.work, ra)
	}
	return pending
}

// conflicting reports whether shapes of one class name two different
// nominal types. Two structs of a trait object's class are no conflict:
// `Box::new(Binance {..})` and `Box::new(Okx {..})` both coerce into one
// Box<dyn Exchange>, whose requirements each of them must meet.
func conflicting(shapes []*Shape) bool {
	var item *StructItem
	nominal, two, object := false, false, false
	for _, s := range shapes {
		switch s.Con {
		case conStruct:
			if s.Item != nil {
				if item != nil && item != s.Item {
					two = true
				}
				item = s.Item
			}
		case conLock, conCell, conMap, conResult, conTuple:
			nominal = true
		case conDyn:
			object = true
		}
	}
	return two && !object || item != nil && nominal
}

func sameName(a, b *Shape) bool {
	switch a.Con {
	case conStruct, conOther:
		return a.Name == b.Name
	}
	return true
}

// derefMismatch returns the pointee of a when a is a pointer and b is a
// known non-pointer: the code auto-derefs a into b's type.
func derefMismatch(a, b *Term) *Term {
	if len(a.shapes) == 0 || len(b.shapes) == 0 {
		return nil
	}
	for _, s := range b.shapes {
		switch s.Con {
		case conFuture, conClosure, conDyn, conImpl, conParam:
			return nil
		}
	}
	if p := shapeIn(a, conRef, conRefMut); p != nil && len(p.Args) > 0 && shapeIn(b, conRef, conRefMut) == nil {
		return p.Args[0]
	}
	if p := shapeIn(a, conRc); p != nil && len(p.Args) > 0 && shapeIn(b, conRc, conRef, conRefMut) == nil {
		return p.Args[0]
	}
	if p := shapeIn(a, conChan); p != nil && len(p.Args) > 0 && shapeIn(b, conChan, conRc, conRef, conRefMut) == nil {
		return p.Args[0] // a channel end meeting what it carries (`tx` typed later by its field)
	}
	return nil
}

func shapeIn(r *Term, cons ...string) *Shape {
	for _, s := range r.shapes {
		for _, c := range cons {
			if s.Con == c {
				return s
			}
		}
	}
	return nil
}

// raise requires t's class to be at least level l.
func (g *graph) raise(t *Term, l int, why *Reason) {
	if t == nil || l <= None {
		return
	}
	r := root(t)
	if r.confused {
		return
	}
	if l&^r.level == 0 {
		// Keep the plainest reason, and pass it on.
		if l == r.level && Better(why, r.why) {
			r.why = why
			g.work = append(g.work, r)
		}
		return
	}
	r.level |= l
	if why != nil {
		r.why = why
	}
	g.work = append(g.work, r)
}

// settle passes levels on through shapes until nothing rises any more.
func (g *graph) settle(fields func(s *Shape) []*Term) {
	for len(g.work) > 0 {
		t := root(g.work[len(g.work)-1])
		g.work = g.work[:len(g.work)-1]
		l := t.level
		why := t.why
		for _, s := range append([]*Shape(nil), t.shapes...) {
			if s.Con == conStruct {
				// A struct is Send when its fields are, unless it says
				// so itself (`unsafe impl Send for S {}`).
				fl := l
				if s.Item != nil {
					fl &^= s.Item.Manual
				}
				if fl == None {
					continue
				}
				for _, f := range fields(s) {
					g.raise(f, fl, why)
				}
				continue
			}
			for i, a := range s.Args {
				g.raise(a, childLevel(s, l), argWhy(s, i, why))
			}
		}
	}
}

func argWhy(s *Shape, i int, why *Reason) *Reason {
	if i < len(s.Why) && s.Why[i] != nil {
		return s.Why[i]
	}
	return why
}

// childLevel is what a shape at level l requires of its arguments.
func childLevel(s *Shape, l int) int {
	if l <= None {
		return None
	}
	switch s.Con {
	case conRc:
		return SendSync // Arc<T>: Send needs T: Send + Sync
	case conRef:
		return Sync // &T: Send (and Sync) needs T: Sync
	case conLock:
		if s.Name == "RwLock" && l&Sync != 0 {
			return SendSync // RwLock<T>: Sync needs T: Send + Sync
		}
		return Send // Mutex<T>: Send and Sync need T: Send
	case conCell:
		return Send
	case conChan:
		return Send // Sender<T> and Receiver<T> are Send (and tokio's, std's Sender Sync) when T is Send
	case conFuture:
		return Send // what a future holds moves with it
	case conClosure:
		return l // a closure is Send (Sync) when its captures are
	case conOther, conDyn, conImpl, conParam:
		// A type sendfix does not know (AtomicPtr<T> is Send whatever T
		// is): nothing is required of its arguments.
		return None
	}
	return l
}
