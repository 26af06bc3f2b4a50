package sendbound

import (
	"fmt"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
	tf "sendfix/transforms/internal/typeflow"
)

// selfSpawning finds async fns whose body spawns a task that calls the fn
// itself (`async fn tick(n: u32) { spawn(async move { tick(n - 1).await
// }); }`). rustc cannot prove that task Send: it would need the fn's own
// future type, which the body is still defining ("cannot satisfy `impl
// Future<Output = ()>: Send`"), however Send what the body holds is.
// Written as `fn tick(n: u32) -> impl Future<Output = ()> + Send { async
// move { .. } }`, Send is the signature's promise, which rustc checks once
// against the body. Callers are unchanged: they call and await as before.
func selfSpawning(a *tf.Package) []rewrite.Finding {
	var out []rewrite.Finding
	done := map[*tf.FnItem]bool{}
	for _, sp := range a.Spawns() {
		args := sp.Call.Child("arguments")
		if args == nil || len(args.NamedChildren()) == 0 {
			continue
		}
		task := args.NamedChildren()[0]
		for _, fn := range a.Fns() {
			if done[fn] || !fn.Async || fn.File != sp.File || fn.Body == nil || !fn.Body.Contains(sp.Call) ||
				fn.Trait != nil || fn.Impl != nil && fn.Impl.TraitOf != nil || fn.Impl != nil && fn.Impl.Trait != "" {
				continue
			}
			call := selfCall(fn, task, sp.File.Src)
			if call == nil {
				continue
			}
			done[fn] = true
			out = append(out, rewriteSelfSpawning(fn, call))
		}
	}
	return out
}

// selfCall returns the first call of fn in n, or nil: for a free fn,
// `name(..)` or a path to it from crate, self or super (not `Ext::name`,
// `std::fs::name`); for a method, `Self::name(..)` or `x.name(..)` where x
// is self or a clone of it.
func selfCall(fn *tf.FnItem, n *ast.Node, src []byte) *ast.Node {
	var found *ast.Node
	n.Walk(func(x *ast.Node) bool {
		if found != nil {
			return false
		}
		f := x.Child("function")
		if x.Kind != "call_expression" || f == nil {
			return true
		}
		is := false
		switch {
		case fn.Impl == nil:
			is = f.Kind != "field_expression" && ownPath(ast.Compact(f.Text(src)), fn.Name)
		case f.Kind == "field_expression":
			field, recv := f.Child("field"), f.Child("value")
			is = field != nil && field.Text(src) == fn.Name && recv != nil && selfValue(fn, recv, src)
		default:
			is = ast.Compact(f.Text(src)) == "Self::"+fn.Name
		}
		if is {
			found = x
		}
		return !is
	})
	return found
}

// ownPath reports whether a called path names the package's free fn name:
// `name`, `name::<T>`, or a path from crate, self or super.
func ownPath(path, name string) bool {
	if i := strings.Index(path, "::<"); i >= 0 {
		path = path[:i]
	}
	if path == name {
		return true
	}
	if !strings.HasSuffix(path, "::"+name) {
		return false
	}
	first, _, _ := strings.Cut(path, "::")
	return first == "crate" || first == "self" || first == "super"
}

// selfValue reports whether recv is self, a clone of it, or a variable of
// fn's body bound to one.
func selfValue(fn *tf.FnItem, recv *ast.Node, src []byte) bool {
	isSelf := func(text string) bool {
		switch ast.Compact(text) {
		case "self", "self.clone()", "Arc::clone(&self)", "Arc::clone(self)", "std::sync::Arc::clone(&self)":
			return true
		}
		return false
	}
	if isSelf(recv.Text(src)) {
		return true
	}
	if recv.Kind != "identifier" {
		return false
	}
	name, bound := recv.Text(src), false
	fn.Body.Walk(func(x *ast.Node) bool {
		if x.Kind == "let_declaration" {
			pat, val := x.Child("pattern"), x.Child("value")
			if pat != nil && pat.Kind == "identifier" && pat.Text(src) == name && val != nil && isSelf(val.Text(src)) {
				bound = true
			}
		}
		return !bound
	})
	return bound
}

// rewriteSelfSpawning returns the finding for fn, with the rewrite when it
// keeps the program's meaning: no parameter borrows (the future would
// need a lifetime), and each is a plain name. An async fn keeps all its
// parameters until its future ends, an async block only those it uses:
// one the body does not name is moved in by a `let x = x;`.
func rewriteSelfSpawning(fn *tf.FnItem, call *ast.Node) rewrite.Finding {
	src := fn.File.Src
	say := fmt.Sprintf("async fn `%s` spawns a task that awaits `%s` itself: rustc cannot prove that task Send, since it needs the fn's own future type, which the fn's body is still defining (\"cannot satisfy `impl Future: Send`\")", fn.Name, fn.Name)
	fd := rewrite.Finding{Path: fn.File.Path, Start: call.Start, End: call.End}
	unused, why := selfSpawningParams(fn, src)
	if why != "" {
		fd.Message = say + "; write it as `fn " + fn.Name + "(..) -> impl Future<Output = ..> + Send { async move { .. } }` by hand: " + why
		return fd
	}
	var mods *ast.Node
	for _, c := range fn.Node.Children {
		if c.Kind == "function_modifiers" {
			mods = c
		}
	}
	params := fn.Node.Child("parameters")
	if mods == nil || strings.TrimSpace(mods.Text(src)) != "async" || params == nil {
		fd.Message = say + "; write it as `fn " + fn.Name + "(..) -> impl Future<Output = ..> + Send { async move { .. } }` by hand"
		return fd
	}
	var edits []rewrite.Edit
	add := func(start, end int, text string) {
		edits = append(edits, rewrite.Edit{Path: fn.File.Path, Start: start, End: end, New: text})
	}
	end := mods.End
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	add(mods.Start, end, "")
	future := "std::future::Future"
	if imp := fn.File.Imports()["Future"]; imp == "std::future::Future" || imp == "core::future::Future" {
		future = "Future"
	}
	output := "()"
	if rt := fn.Node.Child("return_type"); rt != nil {
		output = rt.Text(src)
		add(rt.Start, rt.Start, "impl "+future+"<Output = ")
		add(rt.End, rt.End, "> + Send")
	} else {
		add(params.End, params.End, " -> impl "+future+"<Output = ()> + Send")
	}
	indent := ast.Indent(src, fn.Node.Start)
	unit := "    "
	if strings.HasPrefix(indent, "\t") || strings.HasPrefix(fn.Body.Text(src)[1:], "\n\t") {
		unit = "\t"
	}
	body := ast.Reindent(fn.File.Tree.Root, src, fn.Body.Start, fn.Body.End, unit)
	for i := len(unused) - 1; i >= 0; i-- {
		body = "{\n" + indent + unit + unit + "let " + unused[i] + " = " + unused[i] + ";" + body[1:]
	}
	add(fn.Body.Start, fn.Body.End, "{\n"+indent+unit+"async move "+body+"\n"+indent+"}")
	fixMsg := fmt.Sprintf("return `impl Future<Output = %s> + Send` from `%s`, its body an async move block", output, fn.Name)
	fd.Message = say + ": " + fixMsg
	fd.Fix = &rewrite.Fix{Message: fixMsg, Edits: edits}
	return fd
}

// selfSpawningParams returns the parameters fn's body does not name, or
// why fn cannot become a fn returning an async block without changing
// what it means.
func selfSpawningParams(fn *tf.FnItem, src []byte) (unused []string, why string) {
	switch fn.SelfKind {
	case "ref", "refmut":
		return nil, "it borrows self, so its future needs a lifetime"
	}
	if tp := fn.Node.Child("type_parameters"); tp != nil && strings.Contains(tp.Text(src), "'") {
		return nil, "its future would need the fn's lifetime parameters"
	}
	for _, p := range fn.Params {
		if p.Kind != "parameter" {
			continue
		}
		pat, typ := p.Child("pattern"), p.Child("type")
		if typ != nil && strings.ContainsAny(typ.Text(src), "&'") {
			return nil, "a parameter borrows, so its future needs a lifetime"
		}
		if pat != nil && pat.Kind == "mut_pattern" && len(pat.NamedChildren()) == 1 {
			pat = pat.NamedChildren()[0]
		}
		if pat == nil || pat.Kind != "identifier" {
			return nil, "a parameter is a pattern, which an async fn keeps whole until its future ends"
		}
		if name := pat.Text(src); !ast.ContainsWord(src[fn.Body.Start:fn.Body.End], name) {
			unused = append(unused, name)
		}
	}
	return unused, ""
}
