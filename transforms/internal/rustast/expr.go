package rustast

import "strings"

// ownedMethods return a value that borrows nothing from their receiver.
// "always": a fresh value whatever the receiver (len, is_empty, sum, a
// copied element); "place": owned when the receiver is a place (clone of
// the guard's contents, an element moved out of a collection); "receiver":
// owned when the receiver (and every argument) is owned, as for
// `n.min(m)` or `opt.unwrap_or(0)`.
var ownedMethods = map[string]string{
	"len": "always", "is_empty": "always", "contains": "always", "contains_key": "always",
	"starts_with": "always", "ends_with": "always", "is_some": "always", "is_none": "always",
	"is_ok": "always", "is_err": "always", "to_string": "always", "to_vec": "always",
	"cloned": "option", "copied": "option", "count": "always", "capacity": "always",
	"push": "always", "push_back": "always", "push_front": "always", "push_str": "always",
	"clear": "always", "extend": "always", "retain": "always", "truncate": "always",
	"sort": "always", "sort_unstable": "always", "dedup": "always", "fetch_add": "always",
	"elapsed": "always", "as_secs": "always", "as_millis": "always", "any": "always",
	"all": "always", "sum": "always", "product": "always", "position": "always",
	"to_uppercase": "always", "to_lowercase": "always", "eq": "always", "ne": "always",
	"partial_cmp": "always", "cmp": "always", "load": "always",
	"clone": "place", "to_owned": "place", "pop": "place", "pop_front": "place",
	"pop_back": "place", "remove": "place", "swap_remove": "place", "take": "place",
	"insert": "place", "replace": "place", "split_off": "place",
	"pop_first": "place", "pop_last": "place", "remove_entry": "place",
	"unwrap": "receiver", "expect": "receiver", "unwrap_or": "receiver", "unwrap_or_default": "receiver",
	"min": "receiver", "max": "receiver", "abs": "receiver", "pow": "receiver", "clamp": "receiver",
	"saturating_add": "receiver", "saturating_sub": "receiver", "saturating_mul": "receiver",
	"wrapping_add": "receiver", "wrapping_sub": "receiver", "wrapping_mul": "receiver",
	"checked_add": "receiver", "checked_sub": "receiver", "checked_mul": "receiver", "checked_div": "receiver",
	"unwrap_or_else": "receiver", "ok": "receiver", "err": "receiver", "into": "always",
	"map_or": "receiver", "signum": "receiver", "round": "receiver", "floor": "receiver", "ceil": "receiver",
}

// optionSources return an Option of a reference: .cloned()/.copied() on
// their result is an owned value.
var optionSources = map[string]bool{"get": true, "first": true, "last": true, "peek": true, "front": true,
	"back": true, "find": true, "max": true, "min": true, "next": true, "next_back": true, "get_key_value": true,
	"first_key_value": true, "last_key_value": true, "max_by_key": true, "min_by_key": true, "max_by": true, "min_by": true, "nth": true}

// Vars tells Owned whether a variable's value borrows from the guard (or
// from anything the rewrite is about to drop). nil treats every variable
// as possibly borrowing.
type Vars func(name string) bool

// Owned reports whether the value of expression e borrows nothing from the
// guard, judged from syntax alone (conservatively: false when in doubt).
func Owned(e *Node, src []byte, owned Vars) bool {
	e = Unparen(e)
	if e == nil {
		return false
	}
	switch e.Kind {
	case "integer_literal", "float_literal", "boolean_literal", "string_literal", "raw_string_literal", "char_literal", "unit_expression":
		return true
	case "identifier":
		return owned != nil && owned(e.Text(src)) && !borrowedContext(e)
	case "type_cast_expression":
		return true
	case "binary_expression":
		return true // arithmetic, comparison, logic: a fresh value
	case "unary_expression":
		// `*g` read by value (Copy), or `!x` / `-x`
		return !borrowedContext(e)
	case "field_expression", "index_expression":
		// a field or element read by value is a copy (it compiles only
		// for Copy types): `let n = g[&k];`
		return !borrowedContext(e) && !isCallee(e)
	case "macro_invocation":
		name := ""
		if m := e.Child("macro"); m != nil {
			name = m.Text(src)
		}
		return name == "format" || name == "vec"
	case "tuple_expression", "array_expression":
		for _, c := range e.NamedChildren() {
			if !Owned(c, src, owned) {
				return false
			}
		}
		return true
	case "match_expression":
		// owned when every arm's value is, or the arm leaves (break,
		// continue, return); a by-value pattern on an owned scrutinee
		// binds owned values (`match q.pop_front() { Some(j) => j, None
		// => break }`).
		body := e.Child("body")
		if body == nil {
			return false
		}
		scrutOwned := Owned(e.Child("value"), src, owned)
		for _, arm := range body.NamedChildren() {
			if arm.Kind != "match_arm" {
				continue
			}
			v := Unparen(arm.Child("value"))
			if v == nil {
				return false
			}
			if diverges(v, src) {
				continue
			}
			armOwned := owned
			if pat := arm.Child("pattern"); scrutOwned && pat != nil && !hasRefPattern(pat) {
				names, _ := PatternBindings(ArmPattern(pat), src, false)
				armOwned = func(n string) bool {
					for _, m := range names {
						if m == n {
							return true
						}
					}
					return owned != nil && owned(n)
				}
			}
			if !Owned(v, src, armOwned) && !(v.Kind == "block" && blockValueOwned(v, src, armOwned)) {
				return false
			}
		}
		return true
	case "if_expression":
		// owned when every branch's value is
		cons, alt := e.Child("consequence"), e.Child("alternative")
		if cons == nil || alt == nil {
			return false
		}
		return blockValueOwned(cons, src, owned) && blockValueOwned(alt, src, owned)
	case "call_expression":
		if g := e.Child("function"); g != nil && g.Kind == "generic_function" {
			// `x.sum::<u32>()`, `x.collect::<Vec<String>>()`: the turbofish
			// names the type.
			if targs := g.Child("type_arguments"); targs != nil && OwnedType(targs.Text(src)) {
				return true
			}
			if f := g.Child("function"); f != nil && f.Kind == "field_expression" {
				if fld := f.Child("field"); fld != nil && ownedMethods[fld.Text(src)] == "always" {
					return true
				}
			}
			return false
		}
		recv, name, args, ok := MethodCall(e, src)
		if !ok {
			if f := e.Child("function"); f != nil && memMoves(f.Text(src)) {
				// `mem::take(&mut *g)`, `mem::replace(&mut g.x, v)`: the
				// value moved out is owned, whatever the arguments borrow.
				return true
			}
			if f := e.Child("function"); f != nil && convertsFrom(Compact(f.Text(src))) {
				return true // `String::from(g.get(k).unwrap())`: a new value
			}
			switch CalleeName(e, src) {
			case "Some", "Ok", "Err":
				for _, c := range e.Child("arguments").NamedChildren() {
					if !Owned(c, src, owned) {
						return false
					}
				}
				return true
			}
			return false
		}
		switch ownedMethods[name] {
		case "always":
			return true
		case "place":
			if name == "clone" || name == "to_owned" {
				// `m.get(k).unwrap().clone()`: the element, like .cloned().
				if r, how, _, ok := MethodCall(Unparen(recv), src); ok && (how == "unwrap" || how == "expect") {
					if _, from, _, ok := MethodCall(Unparen(r), src); ok && optionSources[from] {
						return true
					}
				}
			}
			return isPlace(recv, src)
		case "option":
			// opt.copied() is owned; iter.copied() is an iterator that
			// still borrows.
			if _, from, _, ok := MethodCall(Unparen(recv), src); ok && optionSources[from] {
				return true
			}
			return false
		case "receiver":
			if !Owned(recv, src, owned) {
				return false
			}
			for _, c := range args.NamedChildren() {
				if c.Kind != "closure_expression" && !Owned(c, src, owned) {
					return false
				}
			}
			return true
		}
		if name == "collect" {
			chain := recv.Text(src)
			return strings.Contains(chain, ".cloned()") || strings.Contains(chain, ".copied()") ||
				strings.Contains(chain, ".drain(") || strings.Contains(chain, ".to_string()") || strings.Contains(chain, ".to_owned()")
		}
	}
	return false
}

// convertsFrom reports whether callee is a type's `from` (`String::from`,
// `PathBuf::from`), which builds an owned value of that type; not Cow's,
// which may borrow what it is given.
func convertsFrom(callee string) bool {
	typ, ok := strings.CutSuffix(callee, "::from")
	if !ok {
		return false
	}
	typ = lastSegment(typ)
	return upperName(typ) != "" && typ != "Cow" && !strings.ContainsAny(typ, "<&")
}

// memMoves reports whether callee names std's mem::take or mem::replace
// (written with its module, as is usual).
func memMoves(callee string) bool {
	for _, f := range []string{"mem::take", "mem::replace"} {
		if callee == f || strings.HasSuffix(callee, "::"+f) {
			return true
		}
	}
	return false
}

// diverges reports whether an arm's value leaves instead of yielding one.
func diverges(v *Node, src []byte) bool {
	switch v.Kind {
	case "break_expression", "continue_expression", "return_expression":
		return true
	case "macro_invocation":
		switch MacroName(v, src) {
		case "panic", "unreachable", "todo", "unimplemented":
			return true
		}
	case "block":
		items := Items(v)
		return len(items) > 0 && diverges(Unparen(lastExpr(items[len(items)-1])), src)
	}
	return false
}

// lastExpr is the expression of a block's last item (`break;` included).
func lastExpr(item *Node) *Node {
	if item.Kind == "expression_statement" {
		if c := item.NamedChildren(); len(c) == 1 {
			return c[0]
		}
	}
	return item
}

// ArmPattern is the pattern of a match arm's match_pattern, without its
// `if` guard.
func ArmPattern(pat *Node) *Node {
	if pat.Kind == "match_pattern" {
		for _, c := range pat.NamedChildren() {
			if c.Field() != "condition" {
				return c
			}
		}
	}
	return pat
}

// hasRefPattern reports whether a pattern binds by reference.
func hasRefPattern(pat *Node) bool {
	found := false
	pat.Walk(func(x *Node) bool {
		if x.Kind == "ref_pattern" || x.Kind == "reference_pattern" {
			found = true
		}
		return !found
	})
	return found
}

func blockValueOwned(b *Node, src []byte, owned Vars) bool {
	if b.Kind == "else_clause" {
		for _, c := range b.NamedChildren() {
			return blockValueOwned(c, src, owned)
		}
		return false
	}
	if b.Kind == "if_expression" {
		return Owned(b, src, owned)
	}
	if b.Kind != "block" {
		return false
	}
	for i := len(b.Children) - 1; i >= 0; i-- {
		c := b.Children[i]
		if !c.Named || c.Kind == "line_comment" || c.Kind == "block_comment" {
			continue
		}
		return isTail(c) && Owned(c, src, owned)
	}
	return false
}

// OwnedType reports whether a written type holds no borrow: no `&`, no
// lifetime, no inferred part, and no guard or iterator type.
func OwnedType(t string) bool {
	if strings.ContainsAny(t, "&'_") || strings.Contains(t, "impl ") || strings.Contains(t, "dyn ") {
		return false
	}
	for _, bad := range []string{"Ref<", "RefMut<", "Guard", "Iter", "Cow<", "Drain"} {
		if strings.Contains(t, bad) {
			return false
		}
	}
	return true
}

// isPlace reports whether e denotes a place (a variable, a field, an
// element, a deref), or a guard-producing call, rather than a computed
// value whose type could be a reference.
func isPlace(e *Node, src []byte) bool {
	e = Unparen(e)
	switch e.Kind {
	case "identifier", "self":
		return true
	case "field_expression":
		return isPlace(e.Child("value"), src)
	case "index_expression":
		if c := e.NamedChildren(); len(c) > 0 {
			return isPlace(c[0], src)
		}
	case "unary_expression":
		if c := e.NamedChildren(); len(c) == 1 {
			return isPlace(c[0], src)
		}
	case "call_expression":
		recv, name, _, ok := MethodCall(e, src)
		if !ok {
			return false
		}
		if _, g := guardMethods[name]; g {
			return isPlace(recv, src)
		}
		if unwrappers[name] {
			if r, n, _, ok := MethodCall(Unparen(recv), src); ok {
				if _, g := guardMethods[n]; g {
					return isPlace(r, src)
				}
			}
		}
	case "try_expression":
		if c := e.NamedChildren(); len(c) == 1 {
			return isPlace(c[0], src)
		}
	}
	return false
}

// borrowedContext reports whether e's value is borrowed where it stands
// (`&e`, `e.method()`, `e.field`), not read by value.
func borrowedContext(e *Node) bool {
	p := e.Parent
	for p != nil && p.Kind == "parenthesized_expression" {
		e, p = p, p.Parent
	}
	if p == nil {
		return false
	}
	switch p.Kind {
	case "reference_expression":
		return true
	case "field_expression", "index_expression":
		return p.Children[0] == e
	}
	return false
}

func isCallee(e *Node) bool {
	p := e.Parent
	return p != nil && p.Kind == "call_expression" && p.Child("function") == e
}

// PatternBindings returns the variables a pattern binds, with whether each
// is declared `mut`. declMut is the `mut` of `let mut x`.
func PatternBindings(pat *Node, src []byte, declMut bool) (names []string, muts []bool) {
	var visit func(n *Node, mut bool)
	visit = func(n *Node, mut bool) {
		switch n.Kind {
		case "identifier":
			if upperName(n.Text(src)) != "" {
				return // `None`, a unit variant or a const: matched, not bound
			}
			names = append(names, n.Text(src))
			muts = append(muts, mut)
		case "mut_pattern":
			for _, c := range n.NamedChildren() {
				if c.Kind != "mutable_specifier" {
					visit(c, true)
				}
			}
		case "tuple_pattern", "slice_pattern", "ref_pattern", "captured_pattern", "reference_pattern", "or_pattern":
			for _, c := range n.NamedChildren() {
				visit(c, mut)
			}
		case "tuple_struct_pattern":
			for _, c := range n.NamedChildren() {
				if c.Field() != "type" {
					visit(c, mut)
				}
			}
		case "struct_pattern":
			for _, c := range n.NamedChildren() {
				if c.Kind == "field_pattern" {
					if p := c.Child("pattern"); p != nil {
						visit(p, mut)
					} else if nm := c.Child("name"); nm != nil {
						names = append(names, nm.Text(src))
						muts = append(muts, mut || c.HasToken(src, "mut") || hasMutSpecifier(c))
					}
				}
			}
		}
	}
	visit(pat, declMut)
	return names, muts
}

func hasMutSpecifier(n *Node) bool {
	for _, c := range n.Children {
		if c.Kind == "mutable_specifier" {
			return true
		}
	}
	return false
}

// LetMut reports whether a let_declaration says `let mut`.
func LetMut(let *Node) bool { return hasMutSpecifier(let) }

// MovedIntoCall reports whether the use u of a variable (a guard) is a
// whole argument of a call to a function (not a method, not a tuple
// struct or variant, which would keep it) whose result keeps nothing of
// it: a call made as a statement, or one bound by `let` to a fn of the
// file (root) that returns an owned type (`let v = bump(g);` with
// `fn bump(g: MutexGuard<u32>) -> u32`). The guard is moved (it is not
// Copy), never borrowed, and gone when the call returns.
func MovedIntoCall(u, root *Node, src []byte) bool {
	if consumedTemporary(u, src) {
		return true
	}
	call, name := fnArgument(u, src)
	if call == nil {
		return false
	}
	switch par := call.Parent; {
	case par == nil:
		return false
	case par.Kind == "expression_statement":
		return true
	case par.Kind == "let_declaration" && par.Child("value") == call:
		return returnsOwned(root, name, src)
	}
	return false
}

// fnArgument returns, when u is a whole argument of a call to a function
// (not a method, not a tuple struct or variant, which would keep it), the
// call and the function's name.
func fnArgument(u *Node, src []byte) (*Node, string) {
	args := u.Parent
	if u.Kind != "identifier" || args == nil || args.Kind != "arguments" || args.Parent == nil {
		return nil, ""
	}
	call := args.Parent
	fn := call.Child("function")
	if call.Kind != "call_expression" || fn == nil || (fn.Kind != "identifier" && fn.Kind != "scoped_identifier") {
		return nil, ""
	}
	name := lastSegment(CalleePath(call, src))
	if name == "" || upperName(name) != "" {
		return nil, "" // Some(g), Wrapper(g): the guard lives on in the value
	}
	return call, name
}

// MovedAway reports whether the uses of a variable (a guard), all of them
// before the await in question, move its value away for good, never
// borrowing it first (rustc then no longer counts it held):
//   - one use, moved into a call that keeps nothing of it (MovedIntoCall);
//   - one use, moved into a `let` of a block expression that ends before
//     the statement does and does not give that variable back
//     (`let n = { let mut g = g; g.push(1); g.len() };`);
//   - one use in every branch of an `if`/`else` or `match` whose value is
//     a let's or a statement's, each moved into a call of a fn returning
//     an owned type (`let x = if back { pop_back(g) } else { pop_front(g) };`).
func MovedAway(uses []*Node, root *Node, src []byte) bool {
	if len(uses) == 0 {
		return false
	}
	if movedIntoBlockLet(uses[0], src) {
		// The later uses, if any, are of the new variable: after its let,
		// in its block.
		let := uses[0].Parent
		for _, u := range uses[1:] {
			if u.Start < let.End || !let.Parent.Contains(u) {
				return false
			}
		}
		return true
	}
	if len(uses) == 1 {
		return MovedIntoCall(uses[0], root, src)
	}
	return movedInEveryBranch(uses, root, src)
}

// movedIntoBlockLet: see MovedAway.
func movedIntoBlockLet(u *Node, src []byte) bool {
	let := u.Parent
	if u.Kind != "identifier" || let == nil || let.Kind != "let_declaration" || let.Child("value") != u {
		return false
	}
	pat := let.Child("pattern")
	if pat != nil && pat.Kind == "mut_pattern" && len(pat.NamedChildren()) == 1 {
		pat = pat.NamedChildren()[0]
	}
	block := let.Parent
	if pat == nil || pat.Kind != "identifier" || block == nil || block.Kind != "block" || block.Parent == nil {
		return false
	}
	switch block.Parent.Kind {
	case "let_declaration", "expression_statement", "block":
	default:
		return false // a fn body, a loop's, a branch: not a block that just ends
	}
	if tail := lastNamed(block); tail != nil && tail.Kind == "identifier" && tail.Text(src) == pat.Text(src) {
		return false // `{ let g2 = g; g2 }` gives the guard back
	}
	return true
}

// movedInEveryBranch: see MovedAway.
func movedInEveryBranch(uses []*Node, root *Node, src []byte) bool {
	var top *Node
	branches := map[*Node]bool{}
	for _, u := range uses {
		call, name := fnArgument(u, src)
		if call == nil || !returnsOwned(root, name, src) {
			return false
		}
		// The call is a branch's value: a block's tail or an arm's value.
		branch := call.Parent
		if branch != nil && branch.Kind == "block" && lastNamed(branch) == call {
			if branch.Parent != nil && branch.Parent.Kind == "else_clause" {
				branch = branch.Parent
			}
		} else if branch == nil || branch.Kind != "match_arm" || branch.Child("value") != call {
			return false
		}
		if branches[branch] {
			return false
		}
		branches[branch] = true
		t := branch.Parent
		if t != nil && t.Kind == "match_block" {
			t = t.Parent
		}
		if t == nil || top != nil && t != top {
			return false
		}
		top = t
	}
	if top == nil {
		return false
	}
	n := 0
	switch top.Kind {
	case "if_expression":
		alt := top.Child("alternative")
		if alt == nil || len(alt.NamedChildren()) != 1 || alt.NamedChildren()[0].Kind != "block" {
			return false // no else, or an else-if chain
		}
		n = 2
	case "match_expression":
		if body := top.Child("body"); body != nil {
			for _, arm := range body.NamedChildren() {
				if arm.Kind == "match_arm" {
					n++
				}
			}
		}
	default:
		return false
	}
	if len(branches) != n {
		return false
	}
	par := top.Parent
	return par != nil && (par.Kind == "expression_statement" || par.Kind == "let_declaration" && par.Child("value") == top)
}

// lastNamed returns a block's last named child that is not a comment.
func lastNamed(b *Node) *Node {
	kids := b.NamedChildren()
	for i := len(kids) - 1; i >= 0; i-- {
		if kids[i].Kind != "line_comment" && kids[i].Kind != "block_comment" {
			return kids[i]
		}
	}
	return nil
}

// consumedTemporary reports whether the use u of a variable moves it into
// a value its statement consumes at once: a struct or tuple-struct value
// that is the receiver of a method call (`Drain { guard, limit }.finish()`,
// `Some(g).map(..)`), or a `move` closure called at once (`(move ||
// g.len())()`). The temporary, and the variable's value with it, is gone
// when the statement ends (a method returning the value itself is not
// seen).
func consumedTemporary(u *Node, src []byte) bool {
	if u.Kind != "identifier" || u.Parent == nil {
		return false
	}
	var v *Node // the value the variable moves into
	switch p := u.Parent; p.Kind {
	case "shorthand_field_initializer", "field_initializer":
		if p.Kind == "field_initializer" && p.Child("value") != u {
			return false
		}
		if list := p.Parent; list != nil && list.Parent != nil && list.Parent.Kind == "struct_expression" {
			v = list.Parent
		}
	case "arguments":
		if call := p.Parent; call != nil && call.Kind == "call_expression" && upperName(lastSegment(CalleePath(call, src))) != "" {
			v = call // Some(g), Wrapper(g)
		}
	default:
		for x := p; x != nil; x = x.Parent {
			if x.Kind == "closure_expression" {
				if !strings.HasPrefix(x.Text(src), "move") {
					return false
				}
				par := x.Parent
				if par == nil || par.Kind != "parenthesized_expression" || par.Parent == nil ||
					par.Parent.Kind != "call_expression" || par.Parent.Child("function") != par {
					return false
				}
				return consumedByStatement(par.Parent)
			}
			if x.Kind == "block" && (x.Parent == nil || x.Parent.Kind != "closure_expression") || x.Kind == "function_item" {
				return false
			}
		}
	}
	if v == nil {
		return false
	}
	fe := v.Parent
	if fe == nil || fe.Kind != "field_expression" || fe.Child("value") != v {
		return false
	}
	call := fe.Parent
	if call == nil || call.Kind != "call_expression" || call.Child("function") != fe {
		return false
	}
	return consumedByStatement(call)
}

// consumedByStatement reports whether a call's value goes, through method
// calls, fields and `?` only, to its statement: an expression statement or
// a let's value.
func consumedByStatement(call *Node) bool {
	x := call
	for x.Parent != nil {
		switch p := x.Parent; p.Kind {
		case "field_expression", "call_expression", "try_expression", "await_expression":
			if p.Kind == "await_expression" {
				return false // awaited in the statement: the value lives across it
			}
			x = p
			continue
		case "expression_statement":
			return true
		case "let_declaration":
			return p.Child("value") == x
		}
		return false
	}
	return false
}

// returnsOwned reports whether every fn of root named name returns an
// owned type (and there is one).
func returnsOwned(root *Node, name string, src []byte) bool {
	found, owned := false, true
	root.Walk(func(x *Node) bool {
		if x.Kind == "function_item" {
			if n := x.Child("name"); n != nil && n.Text(src) == name {
				found = true
				rt := x.Child("return_type")
				owned = owned && rt != nil && OwnedType(rt.Text(src))
			}
		}
		return true
	})
	return found && owned
}
