package scopeguard

import (
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// A borrow of a guard's field in the awaiting statement
// (`client.get(&cfg.url).await`) cannot move before the await as it is,
// but a clone of the field can (`let url = { ..; cfg.url.clone() };` then
// `client.get(&url).await`): the reference has the same type, and a clone
// of a String or a number is the same value. This is done only when the
// field's type is declared in this file and is one whose clone is known to
// exist and to behave as a copy of the value.

// clonedField returns the field expression under the `&` of u's use, when
// u is the guard variable in `&guard.field[.field..]` and the field's
// declared type is known to be Clone; else nil.
func (p *pass) clonedField(u *ast.Node, recv *ast.Node) *ast.Node {
	// Climb `guard.a.b` to its outermost field expression, naming the
	// fields on the way.
	field := u
	var segs []string
	for field.Parent != nil && field.Parent.Kind == "field_expression" && field.Parent.Child("value") == field {
		field = field.Parent
		segs = append(segs, field.Child("field").Text(p.src))
	}
	if field == u {
		return nil
	}
	ref := field.Parent
	if ref == nil || ref.Kind != "reference_expression" || ref.Child("value") != field {
		return nil
	}
	for _, c := range ref.Children {
		if c.Kind == "mutable_specifier" {
			return nil // &mut: a clone would change a copy
		}
	}
	// The guard's target type, then each field's declared type in turn.
	typ := p.lockedType(recv, u)
	for _, s := range segs {
		if typ == "" {
			return nil
		}
		typ = p.fieldType(typ, s)
	}
	if !cloneIsCopyOfValue(typ) {
		return nil
	}
	return field
}

// lockedType returns the name of the type inside the lock recv (`Config`
// for a parameter `cfg: Arc<RwLock<Config>>` or a field `config:
// RwLock<Config>` of the impl's struct), when this file declares it so.
func (p *pass) lockedType(recv, at *ast.Node) string {
	if recv == nil {
		return ""
	}
	return lockArgument(p.writtenLock(recv, at))
}

// lockArgument returns T of a written `Arc<RwLock<T>>`, `&Mutex<T>`, ...
// when T is a plain type name (a generic type's fields are not declared
// here).
func lockArgument(written string) string {
	inner := lockInner(written)
	if strings.ContainsAny(inner, "<,") {
		return ""
	}
	return inner
}

// paramType returns the written type of the parameter name of the fn that
// holds at.
func (p *pass) paramType(name string, at *ast.Node) string {
	for x := at; x != nil; x = x.Parent {
		if x.Kind == "closure_expression" {
			return "" // a closure's parameter or capture
		}
		if x.Kind != "function_item" {
			continue
		}
		params := x.Child("parameters")
		if params == nil {
			return ""
		}
		for _, prm := range params.NamedChildren() {
			if prm.Kind == "parameter" && prm.Child("pattern") != nil && prm.Child("pattern").Text(p.src) == name && prm.Child("type") != nil {
				return prm.Child("type").Text(p.src)
			}
		}
		return ""
	}
	return ""
}

// implType returns the type name of the impl block that holds at.
func (p *pass) implType(at *ast.Node) string {
	for x := at; x != nil; x = x.Parent {
		if x.Kind == "impl_item" {
			if t := x.Child("type"); t != nil && t.Kind == "type_identifier" {
				return t.Text(p.src)
			}
			return ""
		}
	}
	return ""
}

// fieldType returns the written type of field name of the struct typ
// declared in this file, or "" (not declared here, declared twice, or the
// name is also imported: the file's struct may not be the one meant).
func (p *pass) fieldType(typ, name string) string {
	found, count := "", 0
	p.tree.Root.Walk(func(n *ast.Node) bool {
		if n.Kind == "use_declaration" && ast.ContainsWord(p.src[n.Start:n.End], typ) {
			count = 2
			return false
		}
		if n.Kind != "struct_item" {
			return true
		}
		if nm := n.Child("name"); nm == nil || nm.Text(p.src) != typ {
			return false
		}
		count++
		if n.Child("type_parameters") != nil {
			found = "" // generic: the field's type depends on the use
			return false
		}
		if body := n.Child("body"); body != nil && body.Kind == "field_declaration_list" {
			for _, fd := range body.NamedChildren() {
				if fd.Kind == "field_declaration" && fd.Child("name") != nil && fd.Child("name").Text(p.src) == name && fd.Child("type") != nil {
					found = fd.Child("type").Text(p.src)
				}
			}
		}
		return false
	})
	if count != 1 {
		return ""
	}
	return found
}

// cloneIsCopyOfValue reports whether a written type is Clone with a clone
// that is just a copy of the value: the standard owned types listed here
// and containers of them.
func cloneIsCopyOfValue(t string) bool {
	t = strings.Join(strings.Fields(t), "")
	switch t {
	case "String", "PathBuf", "std::path::PathBuf", "bool", "char", "u8", "u16", "u32", "u64", "u128", "usize",
		"i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64", "&'staticstr":
		return true
	}
	for _, c := range []string{"Option<", "Vec<", "Box<"} {
		if strings.HasPrefix(t, c) && strings.HasSuffix(t, ">") {
			return cloneIsCopyOfValue(t[len(c) : len(t)-1])
		}
	}
	return false
}

// lookups are the methods that return a reference to one element of a
// collection (`Option<&V>`), by the collections they belong to and the
// type argument that is the element.
var lookups = map[string]map[string]int{
	"get":   {"HashMap": 1, "BTreeMap": 1, "Vec": 0, "VecDeque": 0},
	"first": {"Vec": 0},
	"last":  {"Vec": 0},
	"front": {"VecDeque": 0},
	"back":  {"VecDeque": 0},
}

// clonedScrutinee is the fix for a `match` or `if let` whose scrutinee
// looks an element up through a temporary guard, and whose arms await
// (`match cache.lock().unwrap().get(&key) { Some(v) => .., None => {
// fetch(&key).await } }`): the element is cloned by a `let` before the
// statement and the statement matches on `cached.as_ref()`, the same
// Option<&V> without the guard. Only when the lock's collection type is
// written in this file (a parameter or a field of the impl's struct) with
// an element whose clone is a copy of its value.
func (p *pass) clonedScrutinee(g ast.Guard, scrut, ctx *ast.Node) *rewrite.Fix {
	recv, method, _, ok := ast.MethodCall(ast.Unparen(scrut), p.src)
	if !ok || lookups[method] == nil || ast.Unparen(recv) != g.Producer {
		return nil
	}
	written := ast.Compact(p.writtenLock(g.Receiver, scrut))
	lock := strings.Index(written, "Mutex<")
	if rw := strings.Index(written, "RwLock<"); rw >= 0 && (lock < 0 || rw < lock) {
		lock = rw
	}
	if lock >= 0 && strings.Contains(written[:lock], "&'") {
		return nil // a lifetime on the way to the lock (`&'a Mutex<..>`): not this fix's forms
	}
	coll := lockInner(written)
	open := strings.IndexByte(coll, '<')
	if open < 0 || !strings.HasSuffix(coll, ">") {
		return nil
	}
	name := coll[:open]
	if i := strings.LastIndex(name, "::"); i >= 0 {
		name = name[i+2:]
	}
	at, ok := lookups[method][name]
	if !ok {
		return nil
	}
	args := splitTypeArgs(coll[open+1 : len(coll)-1])
	if at >= len(args) || !cloneIsCopyOfValue(args[at]) {
		return nil
	}
	stmt := scrut
	for stmt.Parent != nil && stmt.Parent.Kind != "block" {
		stmt = stmt.Parent
	}
	if stmt.Parent == nil {
		return nil
	}
	v := uniqueName("cached", p.identifiersIn(ctx))
	sep := "\n" + ast.Indent(p.src, stmt.Start)
	if !p.startsLine(stmt) {
		sep = " "
	}
	return &rewrite.Fix{
		Message: "clone the element before the statement",
		Edits: []rewrite.Edit{
			{Start: stmt.Start, End: stmt.Start, New: "let " + v + " = " + scrut.Text(p.src) + ".cloned();" + sep},
			{Start: scrut.Start, End: scrut.End, New: v + ".as_ref()"},
		},
	}
}

// writtenLock returns the written type of the lock recv (a parameter of
// the fn holding at, or a field of the impl's struct), or "".
func (p *pass) writtenLock(recv, at *ast.Node) string {
	switch {
	case recv == nil:
	case recv.Kind == "identifier":
		return p.paramType(recv.Text(p.src), at)
	case recv.Kind == "field_expression" && recv.Child("value") != nil && recv.Child("value").Kind == "self":
		if self := p.implType(at); self != "" {
			return p.fieldType(self, recv.Child("field").Text(p.src))
		}
	}
	return ""
}

// lockInner returns T of a written `Arc<Mutex<T>>`, `&'a RwLock<T>`, ...,
// whatever T is, without spaces.
func lockInner(written string) string {
	t := strings.TrimSpace(written)
	for {
		t = strings.TrimSpace(strings.TrimPrefix(t, "&"))
		if strings.HasPrefix(t, "'") { // a lifetime
			if i := strings.IndexAny(t, " \t"); i >= 0 {
				t = strings.TrimSpace(t[i:])
			}
		}
		open := strings.IndexByte(t, '<')
		if open < 0 || !strings.HasSuffix(t, ">") {
			return ""
		}
		outer := t[:open]
		if i := strings.LastIndex(outer, "::"); i >= 0 {
			outer = outer[i+2:]
		}
		inner := strings.TrimSpace(t[open+1 : len(t)-1])
		switch outer {
		case "Arc":
			t = inner
		case "Mutex", "RwLock":
			return strings.Join(strings.Fields(inner), "")
		default:
			return ""
		}
	}
}

// splitTypeArgs splits written type arguments at their top-level commas.
func splitTypeArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<', '(', '[':
			depth++
		case '>', ')', ']':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}
