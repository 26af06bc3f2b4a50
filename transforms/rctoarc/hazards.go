package rctoarc

import (
	"fmt"
	"sendfix/rewrite"
	"strings"

	ast "sendfix/transforms/internal/rustast"
	tf "sendfix/transforms/internal/typeflow"
)

// A RefCell allows any number of shared borrows at once; a Mutex, locked
// twice by one thread, deadlocks. So the conversion is refused where two
// borrows of one class are alive together: two in one statement (each
// temporary lives until the statement ends: `println!("{} {}",
// v.borrow().len(), v.borrow()[0])`), or a borrow bound by `let` and
// another later in its block. A Cell that becomes a Mutex is checked the
// same way (`c.set(c.get() + 1)` locks twice).

// lockCalls are the conversion's calls that become lock() calls.
func (c *conversion) lockCalls() []*tf.Occ {
	var out []*tf.Occ
	for _, o := range c.lock {
		if o.Kind == tf.OccLockCall {
			switch o.Method {
			case "borrow", "borrow_mut", "replace", "take":
				out = append(out, o)
			}
		}
	}
	for _, o := range c.cell {
		if o.Kind == tf.OccCellCall && c.cellMode[o] == "" && !c.rmw[o.Node] {
			switch o.Method {
			case "get", "set", "replace", "take":
				out = append(out, o)
			}
		}
	}
	return out
}

// lockHazards refuses the conversion where two lock calls of one class
// would be held at once; it reports whether it did.
func (c *conversion) lockHazards() bool {
	calls := c.lockCalls()
	// A borrow bound by let while the RefCell itself is handed to a call
	// (`let items = c.borrow(); let t = total(&c);`): the callee may
	// borrow it again, which a RefCell allows and a Mutex deadlocks on.
	for _, o := range calls {
		let := letBoundCall(o.Node)
		recv, _, _ := callParts(o.Node)
		if let == nil || let.Parent == nil || recv == nil || !shared(o) {
			continue
		}
		root := recv
		for root.Kind == "field_expression" {
			root = root.Child("value")
		}
		if root.Kind != "identifier" && root.Kind != "self" {
			continue
		}
		name := root.Text(o.File.Src)
		stop := false
		for _, st := range let.Parent.NamedChildren() {
			if stop || st.Start < let.End {
				continue
			}
			st.Walk(func(n *ast.Node) bool {
				if stop {
					return false
				}
				if n.Kind == "await_expression" || n.Kind == "closure_expression" {
					stop = n.Kind == "await_expression"
					return false
				}
				if n.Kind == "arguments" {
					for _, a := range n.NamedChildren() {
						a = unparen(a)
						if a.Kind == "reference_expression" && len(a.NamedChildren()) > 0 {
							a = unparen(a.NamedChildren()[len(a.NamedChildren())-1])
						}
						if a.Kind == "identifier" && a.Text(o.File.Src) == name || a.Kind == "field_expression" && ast.Compact(a.Text(o.File.Src)) == ast.Compact(recv.Text(o.File.Src)) {
							c.refuse(o, a, fmt.Sprintf("`%s` is handed to a call while `%s` still holds its borrow; a Mutex locked again there deadlocks", a.Text(o.File.Src), oneLine(let.Text(o.File.Src))))
							stop = true
							return false
						}
					}
				}
				return true
			})
			if len(c.refused) > 0 {
				return true
			}
		}
	}
	for i, a := range calls {
		for _, b := range calls[i+1:] {
			if a.File != b.File || !shareClass(a, b) {
				continue
			}
			if s := exprScope(a.Node); s != nil && s == exprScope(b.Node) && c.mergeBorrows(s, a, b) {
				continue // one guard for both (see mergeBorrows)
			}
			if s := exprScope(a.Node); s != nil && s == exprScope(b.Node) {
				was := "RefCell"
				if b.Kind == tf.OccCellCall {
					was = "Cell"
				}
				c.refuse(b, b.Node, fmt.Sprintf("`%s` and `%s` would lock one Mutex twice in one statement (a deadlock; a %s allows both)",
					oneLine(a.Node.Text(a.File.Src)), oneLine(b.Node.Text(b.File.Src)), was))
				return true
			}
			for _, p := range [][2]*tf.Occ{{a, b}, {b, a}} {
				held, later := p[0], p[1]
				// Two shared borrows coexist in a RefCell; an exclusive one
				// next to another already panics (BorrowMutError). An await
				// between them is where scope-guard ends the first guard.
				if !shared(held) || !shared(later) {
					continue
				}
				if let := letBoundCall(held.Node); let != nil && let.Parent != nil &&
					let.Parent.Contains(later.Node) && later.Node.Start >= let.End && !awaitBetween(let.Parent, let.End, later.Node.Start) {
					deadlock := "locking it again deadlocks"
					if r1, r2 := receiverText(held), receiverText(later); r1 != "" && r2 != "" && r1 != r2 {
						deadlock = fmt.Sprintf("when `%s` and `%s` are one value, locking it again deadlocks (a RefCell allows both)", r1, r2)
					}
					c.refuse(later, later.Node, fmt.Sprintf("the Mutex may still be locked by `%s` (line %d), which lives to the end of its block: %s",
						oneLine(let.Text(held.File.Src)), ast.LineOf(held.File.Src, let.Start), deadlock))
					return true
				}
			}
		}
	}
	return false
}

// receiverText is the compact text of what a lock call locks
// (`stylesheet.children` of `stylesheet.children.borrow()`), or "".
func receiverText(o *tf.Occ) string {
	recv, _, _, ok := ast.MethodCall(o.Node, o.File.Src)
	if !ok || recv == nil {
		return ""
	}
	return ast.Compact(recv.Text(o.File.Src))
}

// shared reports whether a lock call stands for a shared borrow of the
// RefCell (or a read of the Cell).
func shared(o *tf.Occ) bool { return o.Method == "borrow" || o.Method == "get" }

// awaitBetween reports whether block has an await in [from, to).
func awaitBetween(block *ast.Node, from, to int) bool {
	found := false
	block.Walk(func(n *ast.Node) bool {
		if found || n.End <= from || n.Start >= to {
			return !found && !(n.End <= from || n.Start >= to)
		}
		if n.Kind == "closure_expression" || n.Kind == "async_block" {
			return false
		}
		if n.Kind == "await_expression" && n.Start >= from && n.End <= to {
			found = true
		}
		return !found
	})
	return found
}

// statementOf returns the statement whose temporaries n's value is one
// of: the enclosing expression statement or let, or a block's tail.
func statementOf(n *ast.Node) *ast.Node {
	for x := n; x != nil; x = x.Parent {
		switch x.Kind {
		case "expression_statement", "let_declaration":
			return x
		case "closure_expression", "function_item", "async_block":
			return nil
		}
		if p := x.Parent; p != nil && p.Kind == "block" {
			return x // a block's tail expression
		}
	}
	return nil
}

// exprScope returns the expression whose evaluation n's temporaries live
// through: the statement's, a let's value, a match arm's value, or a
// block's tail (two match arms never run together); nil inside a closure
// or async block of its own.
func exprScope(n *ast.Node) *ast.Node {
	for x := n; x != nil; x = x.Parent {
		switch x.Kind {
		case "closure_expression", "function_item", "async_block":
			return nil
		}
		p := x.Parent
		if p == nil {
			return nil
		}
		switch {
		case p.Kind == "expression_statement", p.Kind == "block":
			return x
		case (p.Kind == "let_declaration" || p.Kind == "match_arm") && p.Child("value") == x:
			return x
		}
	}
	return nil
}

// mergeBorrows makes shared borrows of one RefCell, written as
// temporaries of one expression (`format!("{} {}", c.borrow().id,
// c.borrow().len())`), one Mutex guard: `{ let guard = c.lock().unwrap();
// format!("{} {}", guard.id, guard.len()) }`, where two locks would
// deadlock. It reports whether it did (both shared, one receiver written
// the same way, neither bound by let).
func (c *conversion) mergeBorrows(scope *ast.Node, a, b *tf.Occ) bool {
	if a.Kind != tf.OccLockCall || b.Kind != tf.OccLockCall || a.Method != "borrow" || b.Method != "borrow" ||
		letBoundCall(a.Node) != nil || letBoundCall(b.Node) != nil {
		return false
	}
	ra, rb := receiverText(a), receiverText(b)
	if ra == "" || ra != rb {
		return false
	}
	if c.merged == nil {
		c.merged = map[*ast.Node]*mergedBorrows{}
	}
	m := c.merged[scope]
	if m == nil {
		m = &mergedBorrows{scope: scope, recv: a}
		c.merged[scope] = m
	} else if receiverText(m.recv) != ra {
		return false // two cells merged in one expression: left to the refusal
	}
	for _, o := range []*tf.Occ{a, b} {
		if !m.has(o) {
			m.calls = append(m.calls, o)
		}
	}
	return true
}

// mergedBorrows are the borrow calls of one expression that share a guard.
type mergedBorrows struct {
	scope *ast.Node
	recv  *tf.Occ // a call whose receiver the guard locks
	calls []*tf.Occ
}

func (m *mergedBorrows) has(o *tf.Occ) bool {
	for _, x := range m.calls {
		if x == o {
			return true
		}
	}
	return false
}

// letBoundCall returns the let declaration that binds the value of call
// itself (`let g = x.borrow();`), or nil.
func letBoundCall(call *ast.Node) *ast.Node {
	p := call.Parent
	if p != nil && p.Kind == "let_declaration" && p.Child("value") == call {
		return p
	}
	return nil
}

// atomicOps are the read-modify-write forms `c.set(c.get() OP e)` an
// atomic does in one step.
var atomicOps = map[string]string{"+": "fetch_add", "-": "fetch_sub", "|": "fetch_or", "&": "fetch_and", "^": "fetch_xor",
	"wrapping_add": "fetch_add", "wrapping_sub": "fetch_sub", "max": "fetch_max", "min": "fetch_min"}

// readModifyWrite recognises `c.set(c.get() + e)` (and -, |, &, ^,
// wrapping_add/sub, max, min, `e + c.get()`) on one receiver: it returns the get
// call, the atomic method and e. Found is false when set's argument does
// not read the same Cell.
func readModifyWrite(set *ast.Node, src []byte) (get *ast.Node, method string, operand *ast.Node, reads bool) {
	recv, _, args := callParts(set)
	if recv == nil || args == nil {
		return nil, "", nil, false
	}
	as := args.NamedChildren()
	if len(as) != 1 {
		return nil, "", nil, false
	}
	arg := unparen(as[0])
	isGet := func(n *ast.Node) bool { return getOf(n, recv, src) }
	switch arg.Kind {
	case "binary_expression":
		op := arg.Child("operator")
		l, r := unparen(arg.Child("left")), unparen(arg.Child("right"))
		if op == nil || l == nil || r == nil {
			break
		}
		m := atomicOps[op.Text(src)]
		switch {
		case m != "" && isGet(l) && !mentions(r, recv, src):
			return l, m, r, true
		case m != "" && m != "fetch_sub" && isGet(r) && !mentions(l, recv, src):
			return r, m, l, true
		}
	case "call_expression":
		if r, f, a := callParts(arg); r != nil && isGet(unparen(r)) && len(a.NamedChildren()) == 1 {
			if m := atomicOps[f.Text(src)]; m != "" && !mentions(a.NamedChildren()[0], recv, src) {
				return unparen(r), m, a.NamedChildren()[0], true
			}
		}
	case "unary_expression":
		// `flag.set(!flag.get())` on a bool: fetch_xor(true).
		if len(arg.Children) == 2 && arg.Children[0].Text(src) == "!" && isGet(unparen(arg.Children[1])) {
			return unparen(arg.Children[1]), "fetch_xor", nil, true
		}
	}
	return nil, "", nil, mentions(arg, recv, src)
}

// checkThenSet looks at the `if` whose branch holds the call `c.set(x)`:
// when its condition reads c, the write depends on a value another thread
// may change in between. `if x > c.get()` (or `c.get() < x`) is
// fetch_max(x), the `<` form fetch_min(x); any other condition reading c
// is reported as checked.
func checkThenSet(set *ast.Node, src []byte) (method string, operand *ast.Node, checked bool) {
	recv, _, args := callParts(set)
	if recv == nil || args == nil || len(args.NamedChildren()) != 1 {
		return "", nil, false
	}
	x := unparen(args.NamedChildren()[0])
	var ifx *ast.Node
	for n := set.Parent; n != nil; n = n.Parent {
		if n.Kind == "if_expression" {
			if c := n.Child("consequence"); c != nil && c.Contains(set) {
				ifx = n
			}
			break
		}
		if n.Kind == "function_item" || n.Kind == "closure_expression" || n.Kind == "async_block" {
			break
		}
	}
	if ifx == nil {
		return "", nil, false
	}
	cond := ifx.Child("condition")
	if cond == nil || !mentions(cond, recv, src) {
		return "", nil, false
	}
	cond = unparen(cond)
	if cond.Kind != "binary_expression" {
		return "", nil, true
	}
	op, l, r := cond.Child("operator"), unparen(cond.Child("left")), unparen(cond.Child("right"))
	if op == nil || l == nil || r == nil {
		return "", nil, true
	}
	isGet := func(n *ast.Node) bool { return getOf(n, recv, src) }
	same := func(n *ast.Node) bool {
		return ast.Compact(n.Text(src)) == ast.Compact(x.Text(src)) && !mentions(n, recv, src)
	}
	switch o := op.Text(src); {
	case (o == ">" || o == ">=") && same(l) && isGet(r), (o == "<" || o == "<=") && isGet(l) && same(r):
		return "fetch_max", x, true
	case (o == "<" || o == "<=") && same(l) && isGet(r), (o == ">" || o == ">=") && isGet(l) && same(r):
		return "fetch_min", x, true
	}
	return "", nil, true
}

// getOf reports whether n is `recv.get()`.
func getOf(n, recv *ast.Node, src []byte) bool {
	r, f, a := callParts(n)
	return r != nil && f.Text(src) == "get" && len(a.NamedChildren()) == 0 && ast.Compact(r.Text(src)) == ast.Compact(recv.Text(src))
}

// mentions reports whether n reads the receiver recv (its text appears in
// n followed by a method call).
func mentions(n, recv *ast.Node, src []byte) bool {
	want := ast.Compact(recv.Text(src))
	found := false
	n.Walk(func(x *ast.Node) bool {
		if found {
			return false
		}
		if x.Kind == "field_expression" && ast.Compact(x.Child("value").Text(src)) == want {
			found = true
		}
		return true
	})
	return found
}

func unparen(n *ast.Node) *ast.Node {
	for n != nil && n.Kind == "parenthesized_expression" {
		n = n.NamedChildren()[0]
	}
	return n
}

// rmwEdit is a `c.set(c.get() OP e)` done as one atomic operation.
type rmwEdit struct {
	method  string    // fetch_add, ...
	operand *ast.Node // e; nil for fetch_xor(true)
	// checked is the arithmetic operator (+ or -) whose overflow check
	// must stay: fetch_add wraps where `c.get() + 1` panics in a debug
	// build, so it becomes fetch_update with the same expression.
	checked string
}

// readModifyWrites finds the atomic Cells' `set` calls that read the same
// Cell: they become one fetch_* call (a load and a store would lose
// updates made by other threads in between), or refuse the conversion
// when no single atomic operation does what they do.
func (c *conversion) readModifyWrites() {
	c.rmw, c.rmwSet = map[*ast.Node]bool{}, map[*ast.Node]rmwEdit{}
	for _, o := range c.cell {
		if o.Kind != tf.OccCellCall || o.Method != "set" || c.cellMode[o] == "" {
			continue
		}
		src := o.File.Src
		get, method, operand, reads := readModifyWrite(o.Node, src)
		if get == nil && !reads {
			// `if x > c.get() { c.set(x) }`: a check, then a write.
			switch m, arg, checked := checkThenSet(o.Node, src); {
			case m != "" && c.cellMode[o] != "AtomicBool":
				c.rmwSet[o.Node] = rmwEdit{method: m, operand: arg}
				continue
			case checked:
				c.refuse(o, o.Node, "it writes the Cell after a check that reads it; other threads' updates in between could be lost")
				continue
			}
		}
		if get == nil {
			if reads {
				c.refuse(o, o.Node, "it reads and writes the Cell in one step that no single atomic operation does; other threads' updates could be lost")
			}
			continue
		}
		if operand != nil && c.convertsWithin(operand) {
			c.refuse(o, o.Node, "its operand changes too")
			continue
		}
		if (method == "fetch_max" || method == "fetch_min") && c.cellMode[o] == "AtomicBool" {
			c.refuse(o, o.Node, "an AtomicBool has no fetch_max or fetch_min")
			continue
		}
		if method == "fetch_xor" && operand == nil && c.cellMode[o] != "AtomicBool" {
			c.refuse(o, o.Node, "`!` on an integer has no atomic operation")
			continue
		}
		c.rmw[get] = true
		r := rmwEdit{method: method, operand: operand}
		if _, _, args := callParts(o.Node); args != nil && len(args.NamedChildren()) == 1 {
			if arg := unparen(args.NamedChildren()[0]); arg.Kind == "binary_expression" {
				if op := arg.Child("operator"); op != nil && (op.Text(src) == "+" || op.Text(src) == "-") {
					r.checked = op.Text(src)
				}
			}
		}
		c.rmwSet[o.Node] = r
	}
}

// convertsWithin reports whether an occurrence the conversion edits lies
// inside n.
func (c *conversion) convertsWithin(n *ast.Node) bool {
	for _, list := range [][]*tf.Occ{c.rc, c.lock, c.cell} {
		for _, o := range list {
			if n.Start <= o.Node.Start && o.Node.End <= n.End {
				return true
			}
		}
	}
	return false
}

// guardTypeHazard refuses a RefCell → Mutex conversion in a file that
// lostTraits are the derivable traits a RefCell or Cell has (for a T that
// has them) and a Mutex or an atomic lacks.
var lostTraits = []string{"Clone", "Copy", "PartialEq", "Eq", "PartialOrd", "Ord", "Hash"}

// derivedTraitHazard refuses the conversion when a RefCell or Cell to
// convert is a field of a struct that derives one of lostTraits
// (`#[derive(Clone, PartialEq)] struct Signature { published: Cell<bool> }`):
// the derive would no longer compile. It reports whether it refused.
func (c *conversion) derivedTraitHazard() bool {
	for _, list := range [][]*tf.Occ{c.lock, c.cell} {
		for _, o := range list {
			if o.Kind != tf.OccRefCell && o.Kind != tf.OccCell {
				continue
			}
			st := fieldOwner(o.Node, o.File.Src)
			if st == nil {
				continue
			}
			if lost := derivedOf(st, o.File.Src, lostTraits); len(lost) > 0 {
				was, is := "RefCell", "a Mutex"
				if o.Kind == tf.OccCell {
					was, is = "Cell", "an atomic or a Mutex"
				}
				name := st.Child("name").Text(o.File.Src)
				msg := fmt.Sprintf("`%s` (line %d) is a field of `%s`, which derives %s: %s implements none of them (a %s does); implement them by hand for `%s`, or keep the value out of what crosses threads",
					oneLine(o.Node.Parent.Text(o.File.Src)), o.File.Line(o.Node.Start), name, strings.Join(lost, ", "), is, was, name)
				if _, why := o.Level(); why != nil && why.File != nil {
					// Where rustc reports it: the value that must cross.
					say, ref := why.Describe()
					c.refused = append(c.refused, rewrite.Finding{Path: why.File.Path, Start: why.At, End: why.End, Ref: ref,
						Message: say + ", but it holds a " + was + ", which is not thread-safe: cannot fix automatically: " + msg})
					return true
				}
				c.refuse(o, o.Node, msg)
				return true
			}
		}
	}
	return false
}

// fieldOwner returns the struct (or enum) whose field's type holds n
// by value: not behind an Rc, an Arc or a reference, which the derive
// clones or compares instead.
func fieldOwner(n *ast.Node, src []byte) *ast.Node {
	for x := n.Parent; x != nil; x = x.Parent {
		switch x.Kind {
		case "struct_item", "enum_item":
			if x.Child("name") == nil {
				return nil
			}
			return x
		case "function_item", "impl_item", "block", "let_declaration", "type_item", "reference_type", "pointer_type":
			return nil
		case "generic_type":
			switch ast.TypeName(x, src) {
			case "Rc", "Arc", "Weak":
				return nil
			}
		}
	}
	return nil
}

// derivedOf returns those of traits that the item's #[derive(..)]
// attributes name.
func derivedOf(item *ast.Node, src []byte, traits []string) []string {
	p := item.Parent
	if p == nil {
		return nil
	}
	var out []string
	for i := int(item.Index) - 1; i >= 0; i-- {
		a := p.Children[i]
		if a.Kind == "line_comment" || a.Kind == "block_comment" {
			continue
		}
		if a.Kind != "attribute_item" {
			break
		}
		t := ast.Compact(a.Text(src))
		if !strings.Contains(t, "derive(") {
			continue
		}
		for _, tr := range traits {
			if ast.ContainsWord([]byte(t), tr) && !contains(out, tr) {
				out = append(out, tr)
			}
		}
	}
	return out
}

// writes the RefCell's guard types (`fn items(&self) -> Ref<'_, T>`): the
// borrow becomes a MutexGuard there, and sendfix does not retype those
// signatures. It reports whether it refused.
func (c *conversion) guardTypeHazard() bool {
	for _, o := range c.lock {
		if o.Kind != tf.OccLockCall {
			continue
		}
		f := o.File
		for local, full := range f.Imports() {
			if full == "std::cell::Ref" || full == "std::cell::RefMut" || full == "core::cell::Ref" || full == "core::cell::RefMut" {
				if ast.ContainsWord(f.Src, local) {
					c.refuse(o, o.Node, fmt.Sprintf("%s names the RefCell guard type `%s` (a signature returning a borrow), which would have to become MutexGuard too", f.Path, local))
					return true
				}
			}
		}
		if strings.Contains(string(f.Src), "cell::Ref<") || strings.Contains(string(f.Src), "cell::RefMut<") {
			c.refuse(o, o.Node, fmt.Sprintf("%s names the RefCell guard type std::cell::Ref or RefMut, which would have to become MutexGuard too", f.Path))
			return true
		}
	}
	return false
}
