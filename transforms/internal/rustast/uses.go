package rustast

import "strings"

// This file holds the "is the guard used after the await?" analysis that
// scope-guard (which scopes a guard that is not) and async-mutex (which
// switches the mutex of a guard that is) share.

// AwaitPoints returns the awaits of the future ctx inside n, including
// `.await` written inside macro arguments (token trees). Awaits of nested
// closures, async blocks and fns belong to other futures and are skipped.
func AwaitPoints(n *Node, ctx *Node) []*Node { return AwaitPointsIn(n, ctx, nil) }

// AwaitPointsIn is AwaitPoints that also counts select!/join!-style macros
// (which await without a written .await) when src is given.
func AwaitPointsIn(n *Node, ctx *Node, src []byte) []*Node {
	var out []*Node
	n.Walk(func(x *Node) bool {
		switch x.Kind {
		case "closure_expression", "async_block", "function_item":
			if x != ctx {
				return false
			}
		case "await_expression":
			out = append(out, x)
		case "await":
			if x.Parent != nil && x.Parent.Kind == "token_tree" {
				out = append(out, x)
			}
		case "macro_invocation":
			// select!/join! await their branches without a written .await.
			if m := x.Child("macro"); src != nil && m != nil && awaitingMacros[lastPathSegment(m.Text(src))] {
				out = append(out, x)
			}
		}
		return true
	})
	return out
}

var awaitingMacros = map[string]bool{"select": true, "join": true, "try_join": true, "select_biased": true}

func lastPathSegment(s string) string {
	if i := strings.LastIndex(s, "::"); i >= 0 {
		return s[i+2:]
	}
	return s
}

// Items returns the statements and tail expression of a block, without
// comments.
func Items(block *Node) []*Node {
	var out []*Node
	for _, c := range block.Children {
		if !c.Named || c.Kind == "line_comment" || c.Kind == "block_comment" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// IndexOf returns the index of n in list, or -1.
func IndexOf(list []*Node, n *Node) int {
	for i, x := range list {
		if x == n {
			return i
		}
	}
	return -1
}

// Uses returns the nodes of nodes that read the variable name: identifiers
// (not binding sites), and format strings of macros that capture it
// implicitly (println!("{name}")).
func Uses(name string, nodes []*Node, src []byte) []*Node {
	var out []*Node
	for _, n := range nodes {
		n.Walk(func(x *Node) bool {
			switch {
			case x.Kind == "identifier" && x.Text(src) == name && !IsBindingSite(x):
				out = append(out, x)
			case x.Kind == "string_literal" && x.Parent != nil && x.Parent.Kind == "token_tree" && FormatArgs(x.Text(src))[name]:
				out = append(out, x)
			}
			return true
		})
	}
	return out
}

// FormatArgs returns the variables a format string captures inline:
// "{total}" and "{total:?}" name total; "{{" is a literal brace.
func FormatArgs(lit string) map[string]bool {
	out := map[string]bool{}
	for i := 0; i < len(lit); i++ {
		if lit[i] != '{' {
			continue
		}
		if i+1 < len(lit) && lit[i+1] == '{' {
			i++
			continue
		}
		j := i + 1
		for j < len(lit) && (lit[j] == '_' || lit[j] >= 'a' && lit[j] <= 'z' || lit[j] >= 'A' && lit[j] <= 'Z' || lit[j] >= '0' && lit[j] <= '9') {
			j++
		}
		if j > i+1 && j < len(lit) && (lit[j] == '}' || lit[j] == ':') && !(lit[i+1] >= '0' && lit[i+1] <= '9') {
			out[lit[i+1:j]] = true
		}
		i = j - 1
	}
	return out
}

// IsBindingSite reports whether an identifier declares rather than reads a
// variable.
func IsBindingSite(x *Node) bool {
	par := x.Parent
	if par == nil {
		return false
	}
	switch par.Kind {
	case "let_declaration":
		return par.Child("pattern") == x
	case "mut_pattern", "tuple_pattern", "parameter", "closure_parameters", "ref_pattern", "captured_pattern", "tuple_struct_pattern", "slice_pattern", "or_pattern":
		return x.Field() != "type"
	case "scoped_identifier", "scoped_type_identifier":
		return x.Field() == "path" || x.Field() == "name"
	}
	return false
}

// After reports whether use u of statement stmt can run after the await a,
// in the order that matters to rustc: textually later, the target of an
// assignment whose right side awaits, or inside a loop that also holds the
// await.
func After(u, a *Node, stmt *Node) bool {
	if u.Start >= a.End {
		// Two arms of one match, or the two branches of an if, never
		// both run (unless a loop in the statement runs them again).
		return !exclusive(u, a, stmt)
	}
	for x := u.Parent; x != nil && x != stmt.Parent; x = x.Parent {
		switch x.Kind {
		case "assignment_expression", "compound_assignment_expr":
			if l := x.Child("left"); l != nil && l.Contains(u) {
				if r := x.Child("right"); r != nil && r.Contains(a) {
					return true
				}
			}
		case "loop_expression", "while_expression", "for_expression":
			if x.Contains(a) {
				return true
			}
		}
	}
	return false
}

// exclusive reports whether u and a sit in different arms of one match or
// in the two branches of one if, with no loop of stmt around that choice.
func exclusive(u, a, stmt *Node) bool {
	var choice *Node
	for x := u.Parent; x != nil && x != stmt.Parent; x = x.Parent {
		if x.Contains(a) {
			choice = x
			break
		}
	}
	if choice == nil {
		return false
	}
	switch choice.Kind {
	case "match_block":
	case "if_expression":
		then := choice.Child("consequence")
		if then == nil || then.Contains(u) == then.Contains(a) {
			return false
		}
		if c := choice.Child("condition"); c != nil && (c.Contains(u) || c.Contains(a)) {
			return false
		}
	default:
		return false
	}
	if choice.Kind == "match_block" {
		var armU, armA *Node
		for _, arm := range choice.Children {
			if arm.Contains(u) {
				armU = arm
			}
			if arm.Contains(a) {
				armA = arm
			}
		}
		if armU == nil || armA == nil || armU == armA {
			return false
		}
	}
	for x := choice; x != nil && x != stmt.Parent; x = x.Parent {
		switch x.Kind {
		case "loop_expression", "while_expression", "for_expression":
			return false
		}
	}
	return true
}

// UsedAfter returns the first of awaits after which one of the uses (all in
// the statement item) runs: an await in item itself, or one that ended
// before the use. nil: none.
func UsedAfter(uses []*Node, item *Node, awaits []*Node) *Node {
	for _, u := range uses {
		for _, a := range awaits {
			if a.Start >= item.Start && a.End <= item.End || a.End <= u.Start {
				if After(u, a, item) {
					return a
				}
			}
		}
	}
	return nil
}

// LetBinding returns the let statement that binds the guard made by
// producer itself to a variable: `let g = P;`, or `let g = &P;` / `&*P` /
// `&mut *P`, where temporary lifetime extension keeps the guard alive as
// long as g. It returns nils for any other place of producer.
func LetBinding(producer *Node, src []byte) (let, pattern *Node) {
	x := producer
	for {
		par := x.Parent
		if par == nil {
			return nil, nil
		}
		switch {
		case par.Kind == "parenthesized_expression":
			x = par
			continue
		case par.Kind == "unary_expression" && strings.HasPrefix(par.Text(src), "*") && par.Parent != nil && par.Parent.Kind == "reference_expression":
			x = par
			continue
		case par.Kind == "reference_expression":
			x = par
			continue
		case (par.Kind == "field_expression" || par.Kind == "index_expression") && par.Children[0] == x && extendedPlace(par):
			// `let v = &m.lock().unwrap().field;` extends the guard too.
			x = par
			continue
		case par.Kind == "let_declaration" && par.Child("value") == x:
			return par, par.Child("pattern")
		}
		return nil, nil
	}
}

// extendedPlace reports whether a field or index place leads, through more
// places only, to a `&` whose operand it is: then temporary lifetime
// extension applies to the temporary at its root.
func extendedPlace(n *Node) bool {
	for x := n; x.Parent != nil; x = x.Parent {
		p := x.Parent
		switch {
		case p.Kind == "reference_expression":
			return true
		case (p.Kind == "field_expression" || p.Kind == "index_expression") && p.Children[0] == x:
			if p.Parent != nil && p.Parent.Kind == "call_expression" && p.Parent.Child("function") == p {
				return false // a method call: no extension
			}
			continue
		case p.Kind == "parenthesized_expression":
			continue
		}
		return false
	}
	return false
}

// BindsName reports whether a let statement binds name.
func BindsName(let *Node, name string, src []byte) bool {
	pat := let.Child("pattern")
	if pat == nil {
		return false
	}
	names, _ := PatternBindings(pat, src, false)
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// ScrutineeOf returns the scrutinee of the `if let`, `while let` or `match`
// whose scrutinee holds x, or nil.
func ScrutineeOf(x *Node) *Node {
	for c := x; c.Parent != nil; c = c.Parent {
		par := c.Parent
		switch par.Kind {
		case "let_condition":
			if c.Field() == "value" {
				return c
			}
			return nil
		case "match_expression":
			if c.Field() == "value" {
				return c
			}
			return nil
		case "block", "let_declaration", "expression_statement", "closure_expression", "async_block":
			return nil
		}
	}
	return nil
}

// LetScope is where a variable bound by a `let` of a block can be read:
// the later items of the block, up to a `let` that shadows it (whose value
// still reads the old variable), with the awaits of the future after it.
type LetScope struct {
	List           []*Node // the block's items
	I              int     // the index of the let
	End            int     // items I+1 .. End-1 can read the variable
	Awaits         []*Node // the awaits of ctx in items I+1..
	FirstAwaitItem int     // the index of the first item holding one, or -1
	name           string
}

// NewLetScope returns the scope of the variable name bound by let (an item
// of its block), in the future ctx; nil when let is not a block item.
func NewLetScope(let, ctx *Node, name string, src []byte) *LetScope {
	block := let.Parent
	if block == nil || block.Kind != "block" {
		return nil
	}
	list := Items(block)
	i := IndexOf(list, let)
	if i < 0 {
		return nil
	}
	s := &LetScope{List: list, I: i, End: len(list), FirstAwaitItem: -1, name: name}
	for k := i + 1; k < len(list); k++ {
		as := AwaitPointsIn(list[k], ctx, src)
		if len(as) > 0 && s.FirstAwaitItem < 0 {
			s.FirstAwaitItem = k
		}
		s.Awaits = append(s.Awaits, as...)
	}
	// Uses end where a later `let` at this level shadows the name (the
	// shadowed guard itself stays alive, so awaits still count).
	for k := i + 1; k < len(list); k++ {
		if list[k].Kind == "let_declaration" && BindsName(list[k], name, src) {
			s.End = k + 1
			break
		}
	}
	return s
}

// ItemUses returns the uses of the variable in item k (I < k < End): in a
// shadowing let, only its value reads the old variable.
func (s *LetScope) ItemUses(k int, src []byte) []*Node {
	scope := []*Node{s.List[k]}
	if k == s.End-1 && s.List[k].Kind == "let_declaration" && BindsName(s.List[k], s.name, src) {
		if v := s.List[k].Child("value"); v != nil {
			scope = []*Node{v}
		} else {
			scope = nil
		}
	}
	return Uses(s.name, scope, src)
}

// UsedAfterAwait returns the await after which the variable is read, or nil.
func (s *LetScope) UsedAfterAwait(src []byte) *Node {
	for k := s.I + 1; k < s.End; k++ {
		if a := UsedAfter(s.ItemUses(k, src), s.List[k], s.Awaits); a != nil {
			return a
		}
	}
	return nil
}
