package rustast

import (
	"strings"

	"sendfix/rewrite"
)

// Per-run extensions of the analysis (sendfix.toml, rewrite.Analysis):
// extra Send-requiring spawn functions, extra local executors and extra
// non-Send types. Names match by their last path segment, as the built-in
// tables do.

// lastSegment returns "spawn" for "my_rt::spawn" (generic arguments dropped).
func lastSegment(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.Index(name, "<"); i >= 0 {
		name = name[:i]
	}
	if i := strings.LastIndex(name, "::"); i >= 0 {
		name = name[i+2:]
	}
	if i := strings.LastIndex(name, "."); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// hintSets returns the extra spawners and local executors of h.
func hintSets(h *rewrite.Analysis) (spawners, local map[string]bool) {
	if h == nil {
		return nil, nil
	}
	set := func(names []string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			if s := lastSegment(n); s != "" {
				m[s] = true
			}
		}
		return m
	}
	return set(h.SendSpawners), set(h.LocalExecutors)
}

// nonSendBindings returns, as guards, the values of the configured
// non-Send types bound by `let`: `let v: T = ..`, `let v = T::f(..)`
// (also followed by ?, .unwrap() or .expect(..)) and `let v = T { .. }`.
// Values that are already guards (have) are skipped.
func nonSendBindings(t *Tree, have []Guard) []Guard {
	if t.Hints == nil || len(t.Hints.NonSendTypes) == 0 {
		return nil
	}
	types := map[string]string{} // last segment → the name as configured
	for _, n := range t.Hints.NonSendTypes {
		if s := lastSegment(n); s != "" {
			types[s] = strings.TrimSpace(n)
		}
	}
	taken := map[*Node]bool{}
	for _, g := range have {
		taken[g.Producer] = true
	}
	var out []Guard
	t.Root.Walk(func(n *Node) bool {
		if n.Kind != "let_declaration" {
			return true
		}
		value := n.Child("value")
		if value == nil || taken[value] {
			return true
		}
		name := ""
		if typ := n.Child("type"); typ != nil {
			name = typeName(typ, t.Src)
		}
		if types[name] == "" {
			name = constructedType(value, t.Src)
		}
		if full := types[name]; full != "" {
			out = append(out, Guard{Call: value, Producer: value, Kind: GuardKind{Type: full}})
		}
		return true
	})
	return out
}

// typeName returns the last segment of a type written as a path, with or
// without generic arguments; "" for references, tuples and the like.
func typeName(typ *Node, src []byte) string {
	switch typ.Kind {
	case "type_identifier", "identifier":
		return typ.Text(src)
	case "generic_type":
		if inner := typ.Child("type"); inner != nil {
			return typeName(inner, src)
		}
	case "scoped_type_identifier", "scoped_identifier":
		if name := typ.Child("name"); name != nil {
			return name.Text(src)
		}
	case "generic_type_with_turbofish":
		if inner := typ.Child("type"); inner != nil {
			return typeName(inner, src)
		}
	}
	return ""
}

// constructedType returns the type a value expression visibly builds:
// T for `T::f(..)`, `T { .. }`, and those followed by ?, .unwrap() or
// .expect(..).
func constructedType(value *Node, src []byte) string {
	v := value
	for {
		switch v.Kind {
		case "try_expression", "parenthesized_expression":
			inner := firstNamed(v)
			if inner == nil {
				return ""
			}
			v = inner
			continue
		case "call_expression":
			fn := v.Child("function")
			if fn == nil {
				return ""
			}
			if fn.Kind == "field_expression" {
				// recv.unwrap() / recv.expect(..): look at the receiver.
				if f := fn.Child("field"); f != nil && unwrappers[f.Text(src)] {
					if recv := fn.Child("value"); recv != nil {
						v = recv
						continue
					}
				}
				return ""
			}
			if fn.Kind == "generic_function" {
				fn = fn.Child("function")
			}
			if fn != nil && fn.Kind == "scoped_identifier" {
				if path := fn.Child("path"); path != nil {
					return typeName(path, src)
				}
			}
			return ""
		case "struct_expression":
			if name := v.Child("name"); name != nil {
				return typeName(name, src)
			}
			return ""
		}
		return ""
	}
}

func firstNamed(n *Node) *Node {
	for _, c := range n.Children {
		if c.Named && c.Kind != "line_comment" && c.Kind != "block_comment" {
			return c
		}
	}
	return nil
}
