package rustast

import "strings"

// ownedMethods return a value that borrows nothing from their receiver.
// The value is "owned" when the method's result is a fresh value: a
// primitive (len, is_empty, contains), or an element moved out of a
// collection (pop, remove, take), or a copy (clone on a place).
var ownedMethods = map[string]string{
	// always owned, whatever the receiver
	"len": "always", "is_empty": "always", "contains": "always", "contains_key": "always",
	"starts_with": "always", "ends_with": "always", "is_some": "always", "is_none": "always",
	"is_ok": "always", "is_err": "always", "to_string": "always", "to_vec": "always",
	"cloned": "always", "copied": "always", "count": "always", "capacity": "always",
	"push": "always", "push_back": "always", "push_front": "always", "push_str": "always",
	"clear": "always", "extend": "always", "retain": "always", "truncate": "always",
	"sort": "always", "sort_unstable": "always", "dedup": "always", "fetch_add": "always",
	"elapsed": "always", "as_secs": "always", "as_millis": "always",
	// owned when the receiver is a place (the guard, a field of it, an element)
	"clone": "place", "to_owned": "place", "pop": "place", "pop_front": "place",
	"pop_back": "place", "remove": "place", "swap_remove": "place", "take": "place",
	"insert": "place", "replace": "place", "drain_all": "place", "split_off": "place",
	"pop_first": "place", "pop_last": "place", "remove_entry": "place",
}

// Owned reports whether the value of expression e borrows nothing from the
// places it reads, judged from syntax alone (conservatively: false when in
// doubt). guards are the expressions that produce guards; a chain rooted in
// one counts as a place.
func Owned(e *Node, src []byte) bool {
	e = Unparen(e)
	if e == nil {
		return false
	}
	switch e.Kind {
	case "integer_literal", "float_literal", "boolean_literal", "string_literal", "raw_string_literal", "char_literal", "unit_expression":
		return true
	case "type_cast_expression":
		return true
	case "binary_expression":
		return true // arithmetic, comparison, logic: a fresh value
	case "unary_expression":
		// `*g` read by value (Copy), or `!x` / `-x`
		return !borrowedContext(e)
	case "field_expression":
		// a field read by value is a copy (it compiles only for Copy types)
		return !borrowedContext(e) && !isCallee(e)
	case "macro_invocation":
		name := ""
		if m := e.Child("macro"); m != nil {
			name = m.Text(src)
		}
		return name == "format" || name == "vec"
	case "tuple_expression", "array_expression":
		for _, c := range e.NamedChildren() {
			if !Owned(c, src) {
				return false
			}
		}
		return true
	case "call_expression":
		recv, name, _, ok := MethodCall(e, src)
		if !ok {
			switch CalleeName(e, src) {
			case "Some", "Ok", "Err":
				args := e.Child("arguments")
				for _, c := range args.NamedChildren() {
					if !Owned(c, src) {
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
			return isPlace(recv, src)
		}
		if name == "collect" {
			chain := recv.Text(src)
			return strings.Contains(chain, ".cloned()") || strings.Contains(chain, ".copied()") ||
				strings.Contains(chain, ".drain(") || strings.Contains(chain, ".to_string()") || strings.Contains(chain, ".to_owned()")
		}
	}
	return false
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
				if c.Field != "type" {
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
