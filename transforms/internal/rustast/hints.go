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
// non-Send types, and of the file's structs that hold a non-Send field
// (nonSendStructs), bound by `let`: `let v: T = ..`, `let v = T::f(..)`
// (also followed by ?, .unwrap() or .expect(..)) and `let v = T { .. }`.
// Values that are already guards (have) are skipped.
func nonSendBindings(t *Tree, have []Guard) []Guard {
	types := nonSendStructs(t) // last segment → the type as described
	if t.Hints != nil {
		for _, n := range t.Hints.NonSendTypes {
			if s := lastSegment(n); s != "" {
				types[s] = strings.TrimSpace(n)
			}
		}
	}
	if len(types) == 0 {
		return nil
	}
	taken := map[*Node]bool{}
	for _, g := range have {
		taken[g.Producer] = true
	}
	values := NewValueTypes(t)
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
			name = values.Of(value)
		}
		if full := types[name]; full != "" {
			out = append(out, Guard{Call: value, Producer: value, Kind: GuardKind{Type: full}})
		}
		return true
	})
	return out
}

// TypeName is typeName for the passes.
func TypeName(typ *Node, src []byte) string { return typeName(typ, src) }

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
	switch v := unwrappedValue(value, src); v.Kind {
	case "call_expression":
		fn := v.Child("function")
		if fn != nil && fn.Kind == "generic_function" {
			fn = fn.Child("function")
		}
		if fn != nil && fn.Kind == "scoped_identifier" {
			if path := fn.Child("path"); path != nil {
				return typeName(path, src)
			}
		}
	case "struct_expression":
		if name := v.Child("name"); name != nil {
			return typeName(name, src)
		}
	}
	return ""
}

// unwrappedValue is value without what takes a value out of a Result or
// Option around it: ?, parentheses, .unwrap() and .expect(..).
func unwrappedValue(value *Node, src []byte) *Node {
	v := value
	for {
		switch v.Kind {
		case "try_expression", "parenthesized_expression":
			inner := firstNamed(v)
			if inner == nil {
				return v
			}
			v = inner
			continue
		case "call_expression":
			if fn := v.Child("function"); fn != nil && fn.Kind == "field_expression" {
				if f := fn.Child("field"); f != nil && unwrappers[f.Text(src)] {
					if recv := fn.Child("value"); recv != nil {
						v = recv
						continue
					}
				}
			}
		}
		return v
	}
}

// ValueTypes reads the type names values of one file visibly have.
type ValueTypes struct {
	t       *Tree
	returns map[string]string // see fileReturnTypes; built on first need
}

// NewValueTypes prepares ValueTypes for t.
func NewValueTypes(t *Tree) *ValueTypes { return &ValueTypes{t: t} }

// Of returns the type name value visibly builds (see constructedType), or
// the type the file's only fn of the called method's name returns; ""
// when neither says.
func (v *ValueTypes) Of(value *Node) string {
	if name := constructedType(value, v.t.Src); name != "" {
		return name
	}
	if v.returns == nil {
		v.returns = fileReturnTypes(v.t)
	}
	return v.returns[calledMethod(value, v.t.Src)]
}

// fileReturnTypes maps the name of each fn of the file to the type it
// returns (its last segment), when every fn of that name returns the same
// named type: `fn root_node(&self) -> Node`.
func fileReturnTypes(t *Tree) map[string]string {
	out := map[string]string{}
	t.Root.Walk(func(n *Node) bool {
		if n.Kind != "function_item" {
			return true
		}
		name, ret := n.Child("name"), n.Child("return_type")
		if name == nil {
			return true
		}
		typ := ""
		if ret != nil {
			typ = typeName(ret, t.Src)
		}
		if prev, seen := out[name.Text(t.Src)]; seen && prev != typ || typ == "Self" {
			typ = ""
		}
		out[name.Text(t.Src)] = typ
		return true
	})
	return out
}

// calledMethod returns the method (or free fn) a value expression calls
// last, through ?, .unwrap() and .expect(..): "root_node" for
// `tree.root_node()?`.
func calledMethod(value *Node, src []byte) string {
	v := unwrappedValue(value, src)
	if v.Kind != "call_expression" {
		return ""
	}
	switch fn := v.Child("function"); {
	case fn == nil:
	case fn.Kind == "identifier":
		return fn.Text(src) // a free fn of the file: `read_state(&q)`
	case fn.Kind == "field_expression":
		if f := fn.Child("field"); f != nil {
			return f.Text(src)
		}
	}
	return ""
}

func firstNamed(n *Node) *Node {
	for _, c := range n.Children {
		if c.Named && c.Kind != "line_comment" && c.Kind != "block_comment" {
			return c
		}
	}
	return nil
}

// nonSendFields are std and rand types that are not Send, as a struct's
// field writes them (Rc is rc-to-arc's: it changes the field).
var nonSendFields = []string{"ThreadRng", "MutexGuard", "RwLockReadGuard", "RwLockWriteGuard", "EnteredSpan", "NonNull", "*mut ", "*const "}

// NonSendStructs is nonSendStructs for the passes: the file's structs
// that hold a non-Send field, by name, with their description.
func NonSendStructs(t *Tree) map[string]string { return nonSendStructs(t) }

// nonSendStructs returns the structs this file declares with a field of a
// type in nonSendFields (`struct RandGen { random: ThreadRng }`), unless
// the file implements Send for them: their values are not Send either.
// The description names the field's type, for messages.
func nonSendStructs(t *Tree) map[string]string {
	src := t.Src
	if !ContainsWord(src, "struct") {
		return map[string]string{}
	}
	out := map[string]string{}
	fields := map[string][]string{} // each struct's field types, as written
	var order []string
	t.Root.Walk(func(n *Node) bool {
		switch n.Kind {
		case "struct_item":
			name, body := n.Child("name"), n.Child("body")
			if name == nil || body == nil {
				return false
			}
			for _, fd := range body.NamedChildren() {
				typ := fd.Child("type")
				if typ == nil {
					continue
				}
				written := typ.Text(src)
				if _, seen := fields[name.Text(src)]; !seen {
					order = append(order, name.Text(src))
				}
				fields[name.Text(src)] = append(fields[name.Text(src)], written)
				for _, bad := range nonSendFields {
					if !strings.Contains(written, bad) {
						continue
					}
					// A raw pointer, or the std/parking_lot/rand/tracing type
					// (async-lock has a MutexGuard of its own, which is Send).
					if strings.HasPrefix(bad, "*") || ContainsWord([]byte(written), bad) && fromNonSendCrate(t, written, bad) {
						out[name.Text(src)] = name.Text(src) + ", which holds a " + strings.TrimSpace(strings.Join(strings.Fields(written), " "))
					}
				}
			}
			return false
		case "function_item", "impl_item", "trait_item":
			return false
		}
		return true
	})
	// `unsafe impl Send for Handle {}`: the author vouches for it (an
	// impl, not a comment that names one).
	var sendImpls map[string]bool
	vouched := func(name string) bool {
		if sendImpls == nil {
			sendImpls = map[string]bool{}
			t.Root.Walk(func(n *Node) bool {
				switch n.Kind {
				case "impl_item":
					if tr, ty := n.Child("trait"), n.Child("type"); tr != nil && ty != nil && typeName(tr, src) == "Send" {
						sendImpls[typeName(ty, src)] = true
					}
					return false
				case "function_item", "struct_item", "enum_item":
					return false
				}
				return true
			})
		}
		return sendImpls[name]
	}
	for name := range out {
		if vouched(name) {
			delete(out, name)
		}
	}
	// A struct holding one of them (`struct App { kernel: Kernel }`) is
	// not Send either, unless it too is vouched for.
	for changed := true; changed; {
		changed = false
		for _, name := range order {
			if _, ok := out[name]; ok || vouched(name) {
				continue
			}
			for _, written := range fields[name] {
				for _, inner := range order {
					why, bad := out[inner]
					if bad && ContainsWord([]byte(written), inner) {
						out[name] = name + ", which holds a " + why
						changed = true
						break
					}
				}
				if _, ok := out[name]; ok {
					break
				}
			}
		}
	}
	return out
}

// nonSendCrates are where the names of nonSendFields come from.
var nonSendCrates = []string{"std::", "core::", "parking_lot::", "rand::", "tracing::"}

// fromNonSendCrate reports whether name, written in a field's type, is the
// type of nonSendCrates: written with its path, or imported by a use
// declaration of the file from one of them.
func fromNonSendCrate(t *Tree, written, name string) bool {
	from := func(path string) bool {
		for _, c := range nonSendCrates {
			if strings.HasPrefix(path, c) {
				return true
			}
		}
		return false
	}
	if i := strings.Index(written, "::"+name); i >= 0 {
		start := strings.LastIndexAny(written[:i], "<(&, ") + 1
		return from(written[start:])
	}
	found := false
	t.Root.Walk(func(n *Node) bool {
		if found {
			return false
		}
		if n.Kind == "use_declaration" {
			text := Compact(n.Text(t.Src))
			if ContainsWord([]byte(text), name) && from(strings.TrimPrefix(strings.TrimPrefix(text, "pub"), "use")) {
				found = true
			}
			return false
		}
		return true
	})
	return found
}

// StaticFuture reports whether call is a method call whose every
// declaration in the file returns a value that says it borrows nothing
// (`-> impl Future<Output = u32> + Send + 'static`, `BoxFuture<'static,
// T>`): awaiting it does not keep its receiver (a guard) borrowed, so the
// future can be made while the guard lives and awaited after it is gone.
func StaticFuture(t *Tree, call *Node) bool {
	_, name, _, ok := MethodCall(call, t.Src)
	if !ok {
		return false
	}
	found := false
	static := true
	t.Root.Walk(func(n *Node) bool {
		if !static {
			return false
		}
		if n.Kind != "function_item" {
			return true
		}
		if nm := n.Child("name"); nm == nil || nm.Text(t.Src) != name {
			return true
		}
		found = true
		ret := n.Child("return_type")
		if ret == nil || IsAsync(n, t.Src) || !strings.Contains(ret.Text(t.Src), "'static") {
			static = false
		}
		return false
	})
	return found && static
}
