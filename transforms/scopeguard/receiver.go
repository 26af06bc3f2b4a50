package scopeguard

import (
	"bytes"
	"fmt"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// mayIterReceiver is the byte test for receiverLoops.
func mayIterReceiver(src []byte) bool {
	return bytes.Contains(src, []byte("mpsc")) && bytes.Contains(src, []byte("await")) &&
		(bytes.Contains(src, []byte(".iter()")) || bytes.Contains(src, []byte(".try_iter()")) || bytes.Contains(src, []byte("in &")))
}

// receiverLoops rewrites a loop over a std mpsc Receiver whose body
// awaits, in a future that must be Send: `for x in rx.iter()` holds an
// Iter, which borrows the Receiver, across the await, and a Receiver is
// not Sync, so the borrow is not Send (rust-lang/rust#95412). `while let
// Ok(x) = rx.recv()` is the same loop (Iter::next is `recv().ok()`,
// TryIter's `try_recv().ok()`) and borrows the Receiver only during each
// call.
func (p *pass) receiverLoops() {
	if !mayIterReceiver(p.src) {
		return
	}
	p.tree.Root.Walk(func(x *ast.Node) bool {
		if x.Kind != "for_expression" {
			return true
		}
		pat, val, body := x.Child("pattern"), x.Child("value"), x.Child("body")
		if pat == nil || val == nil || body == nil {
			return true
		}
		rx, recv := iteratedReceiver(val, p.src)
		if rx == nil {
			return true
		}
		ctx := ast.ContextOf(x, p.src)
		if ctx == nil || !ast.IsAsync(ctx, p.src) || !p.stdReceiver(rx, ctx) {
			return true
		}
		awaits := ast.AwaitPointsIn(body, ctx, p.src)
		if len(awaits) == 0 || (!p.file.All && !p.required(ctx)) {
			return true
		}
		name := rx.Text(p.src)
		head := fmt.Sprintf("while let Ok(%s) = %s.%s()", pat.Text(p.src), name, recv)
		msg := fmt.Sprintf("`%s` borrows the std mpsc Receiver `%s`, which is not Sync, across the .await at line {ref}: loop with `%s` instead", compact(val.Text(p.src)), name, head)
		label := ""
		for _, c := range x.Children {
			if c.Kind == "label" {
				label = c.Text(p.src) + ": "
			}
		}
		fix := &rewrite.Fix{
			Message: "loop with " + recv + "() instead of iterating a borrowed Receiver",
			Edits:   []rewrite.Edit{{Start: x.Start, End: body.Start, New: label + head + " "}},
		}
		p.report(val, awaits[0], msg, fix)
		return true
	})
}

// iteratedReceiver returns, for `rx.iter()`, `rx.try_iter()` or `&rx`, the
// receiver variable and the method whose Ok values the loop takes.
func iteratedReceiver(val *ast.Node, src []byte) (*ast.Node, string) {
	switch val.Kind {
	case "call_expression":
		f := val.Child("function")
		args := val.Child("arguments")
		if f == nil || f.Kind != "field_expression" || args == nil || len(args.NamedChildren()) > 0 {
			return nil, ""
		}
		rx, method := f.Child("value"), f.Child("field")
		if rx == nil || rx.Kind != "identifier" || method == nil {
			return nil, ""
		}
		switch method.Text(src) {
		case "iter":
			return rx, "recv"
		case "try_iter":
			return rx, "try_recv"
		}
	case "reference_expression":
		if v := val.Child("value"); v != nil && v.Kind == "identifier" && !strings.Contains(val.Text(src), "mut") {
			return v, "recv"
		}
	}
	return nil, ""
}

// stdReceiver reports whether rx, read in ctx, is declared as a std mpsc
// Receiver: a parameter written `Receiver<..>` (std's by the file's
// imports, or by its path), or a variable bound by destructuring std's
// `mpsc::channel()` or `sync_channel(..)`.
func (p *pass) stdReceiver(rx, ctx *ast.Node) bool {
	name := rx.Text(p.src)
	imports := p.file.Memo("scopeguard.imports", func() any { return mpscImports(p.src) }).(map[string]bool)
	if typ := p.paramType(name, rx); typ != "" {
		t := ast.Compact(typ)
		if i := strings.Index(t, "<"); i >= 0 {
			t = t[:i]
		}
		return t == "std::sync::mpsc::Receiver" || t == "mpsc::Receiver" && imports["mpsc"] || t == "Receiver" && imports["Receiver"]
	}
	scope := ctx // the variable may be bound outside an async block: look in its fn
	for x := ctx; x != nil; x = x.Parent {
		scope = x
		if x.Kind == "function_item" {
			break
		}
	}
	found := false
	scope.Walk(func(x *ast.Node) bool {
		if found || x.Start >= rx.Start {
			return false
		}
		if x.Kind != "let_declaration" {
			return true
		}
		pat, val := x.Child("pattern"), x.Child("value")
		if pat == nil || val == nil || pat.Kind != "tuple_pattern" || val.Kind != "call_expression" {
			return true
		}
		elems := pat.NamedChildren()
		if len(elems) != 2 || elems[1].Text(p.src) != name && elems[1].Text(p.src) != "mut "+name {
			return true
		}
		f := ast.Compact(val.Child("function").Text(p.src))
		switch {
		case f == "std::sync::mpsc::channel" || f == "std::sync::mpsc::sync_channel":
			found = true
		case (f == "mpsc::channel" || f == "mpsc::sync_channel") && imports["mpsc"]:
			found = true
		case (f == "channel" || f == "sync_channel") && imports[f]:
			found = true
		}
		return !found
	})
	return found
}

// mpscImports returns the names the file imports from std::sync::mpsc
// ("Receiver", "channel", ...), and "mpsc" for the module itself.
func mpscImports(src []byte) map[string]bool {
	out := map[string]bool{}
	for _, line := range bytes.Split(src, []byte("\n")) {
		l := string(bytes.TrimSpace(line))
		if !strings.HasPrefix(l, "use ") && !strings.HasPrefix(l, "pub use ") {
			continue
		}
		l = strings.Join(strings.Fields(l), "")
		if !strings.Contains(l, "std::sync::") {
			continue
		}
		if strings.Contains(l, "std::sync::mpsc;") || strings.Contains(l, "mpsc}") || strings.Contains(l, "mpsc,") || strings.Contains(l, "{mpsc") {
			out["mpsc"] = true
		}
		if i := strings.Index(l, "mpsc::"); i >= 0 {
			rest := strings.Trim(l[i+len("mpsc::"):], "{};")
			for _, n := range strings.Split(rest, ",") {
				out[strings.Trim(n, "{} ;")] = true
			}
		}
	}
	return out
}
