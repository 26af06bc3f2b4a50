package rctoarc

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
	tf "sendfix/transforms/internal/typeflow"
)

// Transform is the rc-to-arc pass.
var Transform = &rewrite.Transform{
	Name:       "rc-to-arc",
	Doc:        doc,
	RunPackage: run,
	Gate:       mayApply,
}

// mayApply is a cheap test on the package's bytes: an Rc, RefCell or
// Cell, and something that requires Send.
func mayApply(srcs [][]byte) bool {
	shared, boundary := false, false
	for _, src := range srcs {
		if (bytes.Contains(src, []byte("unsync::")) || bytes.Contains(src, []byte("OnceCell")) || bytes.Contains(src, []byte("LazyCell"))) &&
			tf.ContainsCodeWord(src, "static") {
			return true // a static of a single-thread lazy or once cell
		}
		if tf.ContainsCodeWord(src, "Rc") || tf.ContainsCodeWord(src, "RefCell") || tf.ContainsCodeWord(src, "Cell") {
			shared = true
		}
		if tf.SendBoundary(src) {
			boundary = true
		}
	}
	return shared && boundary
}

func run(pkg *rewrite.Package) []rewrite.Finding {
	if tf.TooLarge(pkg.Files) {
		return nil
	}
	a := tf.Shared(pkg)
	c := &conversion{a: a, files: map[*tf.File]*fileEdits{}}
	c.decide()
	if len(c.rc)+len(c.lock)+len(c.cell)+len(c.once) == 0 {
		return nil
	}
	c.readModifyWrites()
	if len(c.refused) > 0 || c.lockHazards() || c.guardTypeHazard() || c.derivedTraitHazard() || c.neverThreadSafe() {
		return c.refused
	}
	for _, list := range [][]*tf.Occ{c.rc, c.lock, c.cell, c.once} {
		for _, o := range list {
			if a.Frozen(o) {
				c.refuse(o, o.Node, "it is written in an impl header or in the signature of a method of another crate's trait, where another type means another impl")
				return c.refused
			}
			if _, ok := a.SignatureTwins(o); !ok {
				c.refuse(o, o.Node, "it is written in a trait method's signature, which the trait's declaration and its impls write differently (each must change with the others)")
				return c.refused
			}
		}
	}
	c.edit()
	return c.findings()
}

// conversion is what the pass changes in one package.
type conversion struct {
	a     *tf.Package
	rc    []*tf.Occ // Rc and rc::Weak occurrences that become Arc / sync::Weak
	lock  []*tf.Occ // RefCell types, constructors and calls that become Mutex
	cell  []*tf.Occ // Cell types, constructors and calls
	once  []*tf.Occ // single-thread lazy and once cells that become their sync twins
	files map[*tf.File]*fileEdits
	// cellMode maps a Cell occurrence to its atomic type ("AtomicU64"),
	// or "" for Mutex.
	cellMode map[*tf.Occ]string
	// rmw are the get calls a read-modify-write swallows; rmwSet the set
	// calls that become one atomic operation (see readModifyWrites).
	rmw    map[*ast.Node]bool
	rmwSet map[*ast.Node]rmwEdit
	// merged are the shared borrows of one expression that become one
	// guard, by expression (see mergeBorrows).
	merged  map[*ast.Node]*mergedBorrows
	refused []rewrite.Finding
}

type fileEdits struct {
	f     *tf.File
	edits []rewrite.Edit
	// converted are the occurrence nodes the pass rewrites, by the name
	// they were written with.
	converted map[string]int
	plan      *tf.ImportPlan
	names     map[string]string // "Arc" → the text to write for it
}

// decide picks the occurrences to rewrite: an Rc whose values must be
// Send, a RefCell or Cell whose values must be Sync.
func (c *conversion) decide() {
	for _, o := range c.a.Occurrences() {
		l, _ := o.Level()
		switch o.Kind {
		case tf.OccRc, tf.OccWeak:
			if l != tf.None {
				c.rc = append(c.rc, o)
			}
		case tf.OccRefCell, tf.OccLockCall:
			if l&tf.Sync != 0 {
				c.lock = append(c.lock, o)
			}
		case tf.OccCell, tf.OccCellCall:
			if l&tf.Sync != 0 {
				c.cell = append(c.cell, o)
			}
		case tf.OccUnsyncOnce:
			if l&tf.Sync != 0 {
				c.once = append(c.once, o)
			}
		}
	}
	c.cellModes()
}

// atomics maps an integer (or bool) type to its atomic.
var atomics = map[string]string{
	"u8": "AtomicU8", "u16": "AtomicU16", "u32": "AtomicU32", "u64": "AtomicU64", "usize": "AtomicUsize",
	"i8": "AtomicI8", "i16": "AtomicI16", "i32": "AtomicI32", "i64": "AtomicI64", "isize": "AtomicIsize",
	"bool": "AtomicBool",
}

// cellModes groups the Cell occurrences that share a class and picks one
// replacement for each group: the atomic of its written integer type, or
// a Mutex.
func (c *conversion) cellModes() {
	c.cellMode = map[*tf.Occ]string{}
	parent := map[*tf.Occ]*tf.Occ{}
	var find func(o *tf.Occ) *tf.Occ
	find = func(o *tf.Occ) *tf.Occ {
		for parent[o] != nil && parent[o] != o {
			o = parent[o]
		}
		return o
	}
	for i, x := range c.cell {
		parent[x] = x
		for _, y := range c.cell[:i] {
			if shareClass(x, y) {
				parent[find(x)] = find(y)
			}
		}
	}
	groups := map[*tf.Occ][]*tf.Occ{}
	for _, o := range c.cell {
		r := find(o)
		groups[r] = append(groups[r], o)
	}
	for _, g := range groups {
		typ := ""
		ok := true
		for _, o := range g {
			if o.IntType == "" {
				continue
			}
			if typ != "" && typ != o.IntType {
				ok = false
			}
			typ = o.IntType
		}
		mode := ""
		if ok {
			mode = atomics[typ]
		}
		for _, o := range g {
			c.cellMode[o] = mode
		}
	}
}

func shareClass(a, b *tf.Occ) bool {
	for _, x := range a.Terms() {
		for _, y := range b.Terms() {
			if tf.Same(x, y) {
				return true
			}
		}
	}
	return false
}

func (c *conversion) file(f *tf.File) *fileEdits {
	fe := c.files[f]
	if fe == nil {
		fe = &fileEdits{f: f, converted: map[string]int{}, plan: f.NewImportPlan(), names: map[string]string{}}
		c.files[f] = fe
	}
	return fe
}

// dropModuleUses deletes an inline module's `use std::rc::Rc;` (and
// the like) when every use of the name in the module is converted: the
// module's converted places are written with full paths (see name).
func (c *conversion) dropModuleUses() {
	for f, fe := range c.files {
		for _, m := range f.InlineModules() {
			for local, full := range m.Imports {
				switch full {
				case "std::rc::Rc", "std::rc::Weak", "std::cell::RefCell", "std::cell::Cell":
				default:
					continue
				}
				converted := 0
				for _, list := range [][]*tf.Occ{c.rc, c.lock, c.cell} {
					for _, o := range list {
						if o.File == f && m.Node.Contains(o.Node) && o.Node.Text(f.Src) == local {
							converted++
						}
					}
				}
				uses := 0
				for _, u := range f.NameUses(local) {
					if m.Node.Contains(u) {
						uses++
					}
				}
				if converted > 0 && uses <= converted {
					if e, ok := m.DropUse(full); ok {
						fe.edits = append(fe.edits, e)
					}
				}
			}
		}
	}
}

// name returns how file fe writes the std item full ("std::sync::Arc"):
// its short name, imported if need be, or the full path when the short
// name means something else there.
func (fe *fileEdits) name(at *ast.Node, full string, freed ...string) string {
	if fe.f.ModuleAt(at) != fe.f.Root {
		// In an inline `mod m { .. }`, whose imports the plan does not
		// edit: the full path needs none.
		return full
	}
	if n, ok := fe.names[full]; ok {
		return n
	}
	short := full[strings.LastIndex(full, "::")+2:]
	n := short
	switch {
	case fe.f.Imported(full):
	case fe.f.Defined[short]:
		n = full
	case fe.f.Imports()[short] != "" && !contains(freed, fe.f.Imports()[short]):
		n = full
	default:
		fe.plan.Add(full)
	}
	fe.names[full] = n
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (fe *fileEdits) add(start, end int, text string) {
	fe.edits = append(fe.edits, rewrite.Edit{Path: fe.f.Path, Start: start, End: end, New: text})
}

// edit produces the edits of every file.
func (c *conversion) edit() {
	// Which imports go away: a name none of whose uses is left.
	for _, o := range c.rc {
		fe := c.file(o.File)
		fe.converted[o.Node.Text(o.File.Src)]++
	}
	for _, o := range c.lock {
		if o.Kind == tf.OccRefCell {
			c.file(o.File).converted[o.Node.Text(o.File.Src)]++
		}
	}
	for _, o := range c.cell {
		if o.Kind == tf.OccCell {
			c.file(o.File).converted[o.Node.Text(o.File.Src)]++
		}
	}
	for _, o := range c.once {
		c.file(o.File).converted[o.Node.Text(o.File.Src)]++
	}
	freed := map[*tf.File][]string{}
	for f, fe := range c.files {
		for local, full := range f.Imports() {
			switch {
			case full == "std::rc::Rc", full == "std::rc::Weak", full == "std::cell::RefCell", full == "std::cell::Cell":
			case tf.SyncOnce(full) != "":
			default:
				continue
			}
			if len(f.NameUses(local)) <= fe.converted[local] && fe.converted[local] > 0 {
				fe.plan.Remove(full)
				freed[f] = append(freed[f], full)
			}
		}
	}
	c.dropModuleUses()
	for _, o := range c.rc {
		fe := c.file(o.File)
		c.rcEdit(fe, o, freed[o.File])
	}
	inMerge := map[*tf.Occ]bool{}
	for _, m := range c.merged {
		for _, o := range m.calls {
			inMerge[o] = true
		}
		c.mergeEdit(m)
	}
	for _, o := range c.lock {
		if inMerge[o] {
			continue
		}
		fe := c.file(o.File)
		c.lockEdit(fe, o, freed[o.File])
	}
	for _, o := range c.cell {
		fe := c.file(o.File)
		c.cellEdit(fe, o, freed[o.File])
	}
	for _, o := range c.once {
		fe := c.file(o.File)
		n := o.Node
		if isPath(n) {
			fe.add(n.Start, n.End, o.SyncPath)
			continue
		}
		if name := fe.name(n, o.SyncPath, freed[o.File]...); name != n.Text(o.File.Src) || !o.File.Imported(o.SyncPath) {
			fe.add(n.Start, n.End, name)
		}
	}
	c.moveIntoSpawns()
}

// moveIntoSpawns makes a closure or async block given to a spawn fn `move`
// when it borrows a value this conversion shares (`thread::spawn(|| *rc +
// 1)`): a spawned task must own what it uses ('static), which a borrowed
// Arc would not be (E0373). Only when no local it names is used after the
// spawn's statement, which moving would take away.
func (c *conversion) moveIntoSpawns() {
	for _, sp := range c.a.Spawns() {
		if sp.Level&tf.Sync != 0 || strings.Contains(sp.Name, ".") {
			// rayon's closures, and a method's (a thread::scope's spawn),
			// need not be 'static.
			continue
		}
		args := sp.Call.Child("arguments")
		if args == nil || len(args.NamedChildren()) == 0 {
			continue
		}
		arg := args.NamedChildren()[0]
		if arg.Kind != "closure_expression" && arg.Kind != "async_block" || arg.HasToken(sp.File.Src, "move") {
			continue
		}
		held := false
		for _, o := range c.rc {
			for _, t := range o.Terms() {
				held = held || c.a.Holds(sp.Arg, t)
			}
		}
		if !held {
			continue
		}
		clones, ok := c.movable(sp, arg)
		if !ok {
			continue
		}
		// `move || ..`, `async move { .. }`; `{ let rc = rc.clone(); move
		// || .. }`: the task owns a clone of an Arc the code still uses
		// after the spawn.
		var b strings.Builder
		if len(clones) > 0 {
			b.WriteString("{ ")
			for _, n := range clones {
				b.WriteString("let " + n + " = " + n + ".clone(); ")
			}
		}
		fe := c.file(sp.File)
		if arg.Kind == "async_block" {
			if b.Len() > 0 {
				fe.add(arg.Start, arg.Start, b.String())
			}
			fe.add(arg.Start+len("async"), arg.Start+len("async"), " move")
		} else {
			b.WriteString("move ")
			fe.add(arg.Start, arg.Start, b.String())
		}
		if len(clones) > 0 {
			fe.add(arg.End, arg.End, " }")
		}
	}
}

// movable reports whether moving what body names leaves the rest of its
// fn alone: no local named in body is used after the statement holding
// the spawn call, but the Rcs this conversion makes Arcs, which the task
// can own a clone of (clones names them).
func (c *conversion) movable(sp *tf.Spawn, body *ast.Node) (clones []string, ok bool) {
	src := sp.File.Src
	stmt := sp.Call
	for stmt.Parent != nil && stmt.Parent.Kind != "block" {
		stmt = stmt.Parent
	}
	block := stmt.Parent
	if block == nil {
		return nil, false
	}
	// The variables body names: identifiers that are not a called fn's
	// or a macro's name.
	variable := func(x *ast.Node) bool {
		if x.Kind != "identifier" || x.Parent == nil {
			return false
		}
		switch x.Parent.Kind {
		case "macro_invocation", "scoped_identifier":
			return false
		case "call_expression":
			return x.Parent.Child("function") != x
		}
		return true
	}
	names := map[string]bool{}
	body.Walk(func(x *ast.Node) bool {
		if variable(x) {
			names[x.Text(src)] = true
		}
		return true
	})
	for x := block; x != nil; x = x.Parent {
		if x.Kind == "function_item" || x.Kind == "closure_expression" || x.Kind == "async_block" {
			block = x
			break
		}
	}
	if !bindsBefore(block, names, stmt.Start, src) {
		return nil, false // it borrows nothing of the fn: `move` changes nothing
	}
	used := false
	arc := map[string]bool{} // a name read after the spawn → an Arc it may clone
	block.Walk(func(x *ast.Node) bool {
		if used || x.End <= stmt.End {
			return false // before the statement, or the statement itself
		}
		if x.Start >= stmt.End && variable(x) && names[x.Text(src)] {
			n := x.Text(src)
			isArc, seen := arc[n]
			if !seen {
				isArc = c.arcLet(sp.File, block, n, stmt)
				arc[n] = isArc
				if isArc {
					clones = append(clones, n)
				}
			}
			used = !isArc
		}
		return !used
	})
	return clones, !used
}

// bindsBefore reports whether fn binds one of names (a let's or a
// parameter's pattern) before offset at.
func bindsBefore(fn *ast.Node, names map[string]bool, at int, src []byte) bool {
	found := false
	fn.Walk(func(x *ast.Node) bool {
		if found || x.Start >= at {
			return false
		}
		switch x.Kind {
		case "let_declaration", "parameter", "closure_parameters":
			pat := x.Child("pattern")
			if x.Kind == "closure_parameters" {
				pat = x
			}
			if pat != nil {
				pat.Walk(func(y *ast.Node) bool {
					found = found || y.Kind == "identifier" && names[y.Text(src)]
					return !found
				})
			}
		}
		return !found
	})
	return found
}

// arcLet reports whether name is bound before stmt, in fn, by a let whose
// value makes an Rc this conversion turns into an Arc (`let rc =
// Rc::new(1);`): a clone of it is what a task can own.
func (c *conversion) arcLet(f *tf.File, fn *ast.Node, name string, stmt *ast.Node) bool {
	found := false
	fn.Walk(func(x *ast.Node) bool {
		if found || x.Start >= stmt.Start {
			return false
		}
		if x.Kind != "let_declaration" {
			return true
		}
		pat, val := x.Child("pattern"), x.Child("value")
		if pat == nil || pat.Kind != "identifier" || pat.Text(f.Src) != name || val == nil {
			return true
		}
		for _, o := range c.rc {
			if o.File == f && o.Kind == tf.OccRc && val.Start <= o.Node.Start && o.Node.End <= val.End {
				found = true
			}
		}
		return false
	})
	return found
}

func isPath(n *ast.Node) bool {
	return n.Kind == "scoped_identifier" || n.Kind == "scoped_type_identifier"
}

func (c *conversion) rcEdit(fe *fileEdits, o *tf.Occ, freed []string) {
	src := o.File.Src
	n := o.Node
	switch o.Kind {
	case tf.OccRc:
		if isPath(n) {
			fe.add(n.Start, n.End, "std::sync::Arc")
			return
		}
		fe.add(n.Start, n.End, fe.name(n, "std::sync::Arc", freed...))
	case tf.OccWeak:
		if isPath(n) {
			fe.add(n.Start, n.End, "std::sync::Weak")
			return
		}
		name := fe.name(n, "std::sync::Weak", freed...)
		if name != n.Text(src) {
			fe.add(n.Start, n.End, name)
		}
	}
}

func (c *conversion) refuse(o *tf.Occ, n *ast.Node, why string) {
	c.refused = append(c.refused, rewrite.Finding{
		Path: o.File.Path, Start: n.Start, End: n.End,
		Message: fmt.Sprintf("`%s` must become thread-safe (%s), but cannot fix automatically: %s", oneLine(n.Text(o.File.Src)), reaches(o), why),
	})
}

// reaches says how o's value must cross threads, from its class's reason.
func reaches(o *tf.Occ) string {
	if _, why := o.Level(); why != nil {
		switch why.Kind {
		case "held", "await", "param":
			return "it is held across an await in a future that must be Send"
		case "static":
			return "a static is shared by every thread"
		}
	}
	return "its value reaches a task on another thread"
}

// neverThreadSafe refuses the conversion when an Rc to convert points to
// a value that stays unable to cross threads whatever sendfix writes (a
// struct holding a raw pointer): an Arc of it would not be Send either.
func (c *conversion) neverThreadSafe() bool {
	for _, o := range c.rc {
		for _, t := range o.Terms() {
			if d := c.a.NeverSync(t); d != "" {
				c.refuse(o, o.Node, fmt.Sprintf("the value it shares holds %s, which is never Send or Sync, so an Arc of it would not be Send either; keep that value on its own thread and send only what the other thread needs", d))
				return true
			}
		}
	}
	return false
}

// callParts splits `recv.method(args)`.
func callParts(call *ast.Node) (recv, field, args *ast.Node) {
	fn := call.Child("function")
	if fn == nil || fn.Kind != "field_expression" {
		return nil, nil, nil
	}
	return fn.Child("value"), fn.Child("field"), call.Child("arguments")
}

func (c *conversion) lockEdit(fe *fileEdits, o *tf.Occ, freed []string) {
	n := o.Node
	switch o.Kind {
	case tf.OccRefCell:
		if isPath(n) {
			fe.add(n.Start, n.End, "std::sync::Mutex")
			return
		}
		fe.add(n.Start, n.End, fe.name(n, "std::sync::Mutex", freed...))
		return
	}
	recv, field, args := callParts(n)
	if recv == nil || field == nil || args == nil {
		c.refuse(o, n, "sendfix does not see the receiver of this call")
		return
	}
	switch o.Method {
	case "borrow", "borrow_mut":
		fe.add(field.Start, n.End, "lock().unwrap()")
	case "try_borrow", "try_borrow_mut":
		fe.add(field.Start, n.End, "try_lock()")
	case "into_inner", "get_mut":
		fe.add(n.End, n.End, ".unwrap()")
	case "replace":
		fe.add(recv.Start, recv.Start, "std::mem::replace(&mut *")
		fe.add(recv.End, args.Start+1, ".lock().unwrap(), ")
	case "take":
		fe.add(recv.Start, recv.Start, "std::mem::take(&mut *")
		fe.add(recv.End, n.End, ".lock().unwrap())")
	case "lock", "try_lock", "read", "write", "try_read", "try_write", "blocking_lock":
		// Already a lock call.
	default:
		c.refuse(o, n, fmt.Sprintf("RefCell::%s has no std::sync::Mutex equivalent sendfix can write", o.Method))
	}
}

// mergeEdit writes one guard for the merged borrows of an expression:
// `{ let guard = c.lock().unwrap(); EXPR }`, each borrow in EXPR now the
// guard.
func (c *conversion) mergeEdit(m *mergedBorrows) {
	f := m.recv.File
	fe := c.file(f)
	recv, _, _ := callParts(m.recv.Node)
	if recv == nil {
		c.refuse(m.recv, m.recv.Node, "sendfix does not see the receiver of this call")
		return
	}
	guard := "guard"
	for i := 2; ast.ContainsWord(f.Src[m.scope.Start:m.scope.End], guard); i++ {
		guard = fmt.Sprintf("guard%d", i)
	}
	fe.add(m.scope.Start, m.scope.Start, "{ let "+guard+" = "+recv.Text(f.Src)+".lock().unwrap(); ")
	for _, o := range m.calls {
		fe.add(o.Node.Start, o.Node.End, guard)
	}
	fe.add(m.scope.End, m.scope.End, " }")
}

func (c *conversion) cellEdit(fe *fileEdits, o *tf.Occ, freed []string) {
	n := o.Node
	mode := c.cellMode[o]
	if o.Kind == tf.OccCell {
		if mode == "" {
			if isPath(n) {
				fe.add(n.Start, n.End, "std::sync::Mutex")
				return
			}
			fe.add(n.Start, n.End, fe.name(n, "std::sync::Mutex", freed...))
			return
		}
		name := fe.name(n, "std::sync::atomic::"+mode, freed...)
		// `Cell<u64>` → `AtomicU64`; `Cell::new` → `AtomicU64::new`.
		target := n
		if p := n.Parent; p != nil && p.Kind == "generic_type" && p.Child("type") == n {
			target = p
		}
		fe.add(target.Start, target.End, name)
		return
	}
	recv, field, args := callParts(n)
	if recv == nil || field == nil || args == nil {
		c.refuse(o, n, "sendfix does not see the receiver of this call")
		return
	}
	argText := ""
	if as := args.NamedChildren(); len(as) > 0 {
		argText = string(o.File.Src[as[0].Start:as[len(as)-1].End])
	}
	if mode != "" {
		if c.rmw[n] {
			return // part of a read-modify-write: see the set call
		}
		ord := fe.name(n, "std::sync::atomic::Ordering", freed...) + "::SeqCst"
		if r, ok := c.rmwSet[n]; ok {
			operand := "true"
			if r.operand != nil {
				operand = r.operand.Text(o.File.Src)
			}
			if r.checked != "" {
				// One atomic step that still panics on overflow in debug
				// builds, like `c.set(c.get() + e)` did.
				if k := r.operand.Kind; k != "integer_literal" && k != "identifier" && k != "field_expression" {
					operand = "(" + operand + ")"
				}
				fe.add(field.Start, n.End, "fetch_update("+ord+", "+ord+", |v| Some(v "+r.checked+" "+operand+")).unwrap()")
				return
			}
			fe.add(field.Start, n.End, r.method+"("+operand+", "+ord+")")
			return
		}
		switch o.Method {
		case "get":
			fe.add(field.Start, n.End, "load("+ord+")")
		case "set":
			fe.add(field.Start, field.End, "store")
			fe.add(args.End-1, args.End-1, ", "+ord)
		case "replace":
			fe.add(field.Start, field.End, "swap")
			fe.add(args.End-1, args.End-1, ", "+ord)
		case "take":
			zero := "0"
			if mode == "AtomicBool" {
				zero = "false"
			}
			fe.add(field.Start, n.End, "swap("+zero+", "+ord+")")
		case "into_inner", "get_mut":
		default:
			c.refuse(o, n, fmt.Sprintf("Cell::%s has no atomic equivalent sendfix can write", o.Method))
		}
		return
	}
	_ = argText
	switch o.Method {
	case "get":
		if p := n.Parent; p != nil && (p.Kind == "field_expression" || p.Kind == "index_expression") {
			fe.add(recv.Start, recv.Start, "(*")
			fe.add(recv.End, n.End, ".lock().unwrap())")
		} else if tailGuardOutlivesLocal(o.File, n, recv) {
			fe.add(recv.Start, recv.Start, "{ let value = *")
			fe.add(recv.End, n.End, ".lock().unwrap(); value }")
		} else {
			fe.add(recv.Start, recv.Start, "*")
			fe.add(recv.End, n.End, ".lock().unwrap()")
		}
	case "set":
		if p := n.Parent; p == nil || p.Kind != "expression_statement" {
			c.refuse(o, n, "Cell::set used as a value cannot become a Mutex assignment")
			return
		}
		fe.add(recv.Start, recv.Start, "*")
		fe.add(recv.End, args.Start+1, ".lock().unwrap() = ")
		fe.add(args.End-1, args.End, "")
	case "replace":
		fe.add(recv.Start, recv.Start, "std::mem::replace(&mut *")
		fe.add(recv.End, args.Start+1, ".lock().unwrap(), ")
	case "take":
		fe.add(recv.Start, recv.Start, "std::mem::take(&mut *")
		fe.add(recv.End, n.End, ".lock().unwrap())")
	case "into_inner", "get_mut":
		fe.add(n.End, n.End, ".unwrap()")
	default:
		c.refuse(o, n, fmt.Sprintf("Cell::%s has no Mutex equivalent sendfix can write", o.Method))
	}
}

// tailGuardOutlivesLocal reports whether call, rewritten to lock, would
// leave its guard a temporary of a block's tail that borrows a local of
// that block (`let b = &a; .. b.get()` at the end of the body). Before
// edition 2024 such a temporary is dropped after the block's locals
// (E0597), so the value is read in a let of its own.
func tailGuardOutlivesLocal(f *tf.File, call, recv *ast.Node) bool {
	if f.Edition == "2024" {
		return false
	}
	tail := statementOf(call)
	if tail == nil || tail.Parent == nil || tail.Parent.Kind != "block" || tail.Kind == "expression_statement" || tail.Kind == "let_declaration" {
		return false
	}
	root := recv
	for {
		root = ast.Unparen(root)
		switch root.Kind {
		case "field_expression":
			root = root.Child("value")
			continue
		case "unary_expression", "reference_expression":
			if c := root.NamedChildren(); len(c) > 0 {
				root = c[len(c)-1]
				continue
			}
		}
		break
	}
	if root == nil || root.Kind != "identifier" {
		return false
	}
	for _, it := range tail.Parent.NamedChildren() {
		if it.Start < tail.Start && it.Kind == "let_declaration" && ast.BindsName(it, root.Text(f.Src), f.Src) {
			return true
		}
	}
	return false
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// findings reports the conversion as one fix, at the place that needs it
// most plainly (a value captured by a spawned future, if any).
func (c *conversion) findings() []rewrite.Finding {
	if len(c.refused) > 0 {
		return c.refused
	}
	var edits []rewrite.Edit
	var paths []string
	var files []*tf.File
	for f := range c.files {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for _, f := range files {
		fe := c.files[f]
		n := len(edits)
		edits = append(edits, fe.edits...)
		for _, e := range fe.plan.Edits() {
			e.Path = f.Path
			edits = append(edits, e)
		}
		if len(edits) > n {
			paths = append(paths, f.Path)
		}
	}
	if len(edits) == 0 {
		return nil
	}
	why, at := c.bestReason()
	if why == nil {
		return nil
	}
	var parts []string
	if n := len(c.rc); n > 0 {
		parts = append(parts, fmt.Sprintf("Rc → Arc in %d place%s", n, plural(n)))
	}
	if n := len(c.lock); n > 0 {
		parts = append(parts, fmt.Sprintf("RefCell → Mutex in %d place%s", n, plural(n)))
	}
	if n := len(c.cell); n > 0 {
		kind := "atomics"
		for _, m := range c.cellMode {
			if m == "" {
				kind = "atomics or Mutex"
			}
		}
		parts = append(parts, fmt.Sprintf("Cell → %s in %d place%s", kind, n, plural(n)))
	}
	if n := len(c.once); n > 0 {
		parts = append(parts, fmt.Sprintf("single-thread lazy or once cell → its sync twin in %d place%s", n, plural(n)))
	}
	holds := "an Rc"
	if len(c.rc) == 0 {
		holds = "a RefCell or Cell shared with another thread (by reference or through an Arc)"
		if len(c.lock)+len(c.cell) == 0 {
			holds = "a single-thread lazy or once cell"
		}
	} else if at != nil && at.Kind == tf.OccWeak {
		holds = "an rc::Weak"
	}
	say, ref := why.Describe()
	msg := say + ", but it holds " + holds + ", which is not thread-safe"
	fixMsg := strings.Join(parts, ", ") + " (" + strings.Join(paths, ", ") + ")"
	return []rewrite.Finding{{
		Path:    why.File.Path,
		Start:   why.At,
		End:     why.End,
		Ref:     ref,
		Message: msg + ": " + fixMsg,
		Fix:     &rewrite.Fix{Message: fixMsg, Edits: edits},
	}}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// bestReason picks the reason to report among the converted classes':
// Rc first, then RefCell and Cell.
func (c *conversion) bestReason() (*tf.Reason, *tf.Occ) {
	var best *tf.Reason
	var bestOcc *tf.Occ
	for _, list := range [][]*tf.Occ{c.rc, c.lock, c.cell, c.once} {
		for _, o := range list {
			if _, why := o.Level(); tf.Better(why, best) {
				best, bestOcc = why, o
			}
		}
		if best != nil {
			break
		}
	}
	return best, bestOcc
}
