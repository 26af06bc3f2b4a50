package typeflow

import (
	"bytes"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// Macro arguments are token trees to tree-sitter: `vec![Rc::new(x)]` and
// `println!("{}", c.borrow())` hide expressions the analysis must see.
// expandMacros parses the token tree of every macro call as the elements
// of an array expression (`[Rc::new(x)]`, `["{}", c.borrow()]`) and, when
// that parses cleanly, grafts the parsed expressions in place of the token
// tree, at their original byte offsets. Macros whose arguments are not
// expressions (select!, json!, macro_rules!) are left as token trees.

// notExprMacros never take plain expressions.
var notExprMacros = map[string]bool{
	"macro_rules": true, "select": true, "json": true, "thread_local": true, "lazy_static": true,
	"quote": true, "html": true, "cfg_if": true, "pin_mut": true,
}

const macroPrefix = "fn __sendfix_macro_args() {\n"

// MacroArgs is the kind of the grafted node holding a macro's parsed
// arguments (an array_expression in the snippet).
const MacroArgs = "macro_args"

func expandMacros(f *File) {
	expandLazyStatics(f)
	pending := macroCalls(f.Tree.Root, f.Src)
	for depth := 0; depth < 4 && len(pending) > 0; depth++ {
		var b strings.Builder
		b.WriteString(macroPrefix)
		type slot struct {
			m, tt  *ast.Node
			at     int // offset of the token tree's content in the snippet
			length int
		}
		var slots []slot
		for _, m := range pending {
			tt := tokenTree(m)
			if tt == nil || tt.End-tt.Start < 2 {
				continue
			}
			b.WriteString("[")
			at := b.Len()
			inner := f.Src[tt.Start+1 : tt.End-1]
			if ast.MacroName(m, f.Src) == "select" {
				inner = selectAsList(inner)
			}
			b.Write(inner)
			b.WriteString("];\n")
			slots = append(slots, slot{m, tt, at, tt.End - 1 - (tt.Start + 1)})
		}
		b.WriteString("}\n")
		if len(slots) == 0 {
			return
		}
		snippet := []byte(b.String())
		rf, err := rewrite.NewFile(f.Path, snippet, f.Edition)
		if err != nil {
			return
		}
		t := ast.Build(rf)
		rf.Close()
		body := findBody(t.Root)
		if body == nil {
			return
		}
		// Statements of the body, in order, one per slot when all went well.
		var arrays []*ast.Node
		for _, c := range body.NamedChildren() {
			if c.Kind == "expression_statement" {
				if e := firstNamedChild(c); e != nil && e.Kind == "array_expression" {
					arrays = append(arrays, e)
				}
			}
		}
		pending = nil
		for _, s := range slots {
			var arr *ast.Node
			for _, a := range arrays {
				if a.Start == s.at-1 && a.End == s.at+s.length+1 {
					arr = a
					break
				}
			}
			if arr == nil || ast.HasError(arr) {
				continue
			}
			shift := s.tt.Start + 1 - s.at
			arr.Walk(func(x *ast.Node) bool {
				x.Start += shift
				x.End += shift
				return true
			})
			arr.Kind = MacroArgs
			s.tt.ReplaceWith(arr)
			pending = append(pending, macroCalls(arr, f.Src)...)
		}
	}
}

// expandLazyStatics reads the body of each lazy_static! call as the
// statics it declares: `static ref X: T = e;` is parsed as `static X: T =
// e;` (the word ref blanked, offsets kept) and the parsed items are grafted
// in place of the token tree, so that the analysis sees the statics, which
// every thread may read, like any other.
func expandLazyStatics(f *File) {
	if !bytes.Contains(f.Src, []byte("lazy_static")) {
		return
	}
	var calls []*ast.Node
	f.Tree.Root.Walk(func(x *ast.Node) bool {
		switch x.Kind {
		case "macro_definition", "attribute_item", "inner_attribute_item":
			return false
		case "macro_invocation":
			if ast.MacroName(x, f.Src) == "lazy_static" && tokenTree(x) != nil {
				calls = append(calls, x)
			}
			return false
		}
		return true
	})
	if len(calls) == 0 {
		return
	}
	var b bytes.Buffer
	at := make([]int, len(calls))
	for i, m := range calls {
		tt := tokenTree(m)
		b.WriteString("mod __sendfix_lazy_static ")
		at[i] = b.Len()
		b.Write(blankStaticRef(f.Src[tt.Start:tt.End]))
		b.WriteString("\n")
	}
	rf, err := rewrite.NewFile(f.Path, b.Bytes(), f.Edition)
	if err != nil {
		return
	}
	t := ast.Build(rf)
	rf.Close()
	for i, mod := range t.Root.NamedChildren() {
		if i >= len(calls) {
			break
		}
		body := mod.Child("body")
		tt := tokenTree(calls[i])
		if mod.Kind != "mod_item" || body == nil || body.Start != at[i] || body.End-body.Start != tt.End-tt.Start || ast.HasError(body) {
			continue
		}
		shift := tt.Start - body.Start
		body.Walk(func(x *ast.Node) bool {
			x.Start += shift
			x.End += shift
			return true
		})
		tt.ReplaceWith(body)
	}
}

// blankStaticRef returns a copy of a lazy_static! body with the word ref
// after each `static` replaced by spaces.
func blankStaticRef(body []byte) []byte {
	out := append([]byte(nil), body...)
	for i := 0; ; {
		j := bytes.Index(out[i:], []byte("static"))
		if j < 0 {
			return out
		}
		k := i + j + len("static")
		if i+j > 0 && ast.IdentByte(out[i+j-1]) || k < len(out) && ast.IdentByte(out[k]) {
			i = k
			continue
		}
		for k < len(out) && (out[k] == ' ' || out[k] == '\t' || out[k] == '\n' || out[k] == '\r') {
			k++
		}
		if bytes.HasPrefix(out[k:], []byte("ref")) && (k+3 == len(out) || !ast.IdentByte(out[k+3])) {
			copy(out[k:], "   ")
		}
		i = k
	}
}

// macroCalls returns the macro invocations under n with a token tree,
// outermost first (nested ones are expanded in a later batch).
func macroCalls(n *ast.Node, src []byte) []*ast.Node {
	var out []*ast.Node
	n.Walk(func(x *ast.Node) bool {
		switch x.Kind {
		case "macro_definition", "attribute_item", "inner_attribute_item":
			return false
		case "macro_invocation":
			// An item macro (`cfg_rt! { pub mod runtime; }`) takes items,
			// which never parse as an array's elements.
			if p := x.Parent; p != nil && (p.Kind == "source_file" || p.Kind == "declaration_list") {
				return false
			}
			if name := ast.MacroName(x, src); (!notExprMacros[name] || name == "select") && tokenTree(x) != nil {
				out = append(out, x)
			}
			return false
		}
		return true
	})
	return out
}

// selectAsList rewrites the branches of a select! (`pat = fut, if c =>
// handler,` .. `else => expr`) into a list of expressions of the same
// length, offsets kept: the patterns, `=`, `if`, `else` and `biased;`
// become spaces and `=>` a comma, leaving `fut, c, handler, .. expr`. The
// futures are then read as code, awaited in place where the macro is.
func selectAsList(text []byte) []byte {
	out := append([]byte(nil), text...)
	blank := func(from, to int) {
		for i := from; i < to && i < len(out); i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	depth, start := 0, 0 // start: where the current branch's text begins
	inBranch := false    // past the pattern's `=`
	arrow := false       // past the branch's `=>`
	elseBranch := false  // the branch is `else => expr`
	// A handler block needs no comma after it (`=> { .. } next = ..`);
	// the list does: the next branch's blanked text starts with one.
	needComma := false
	comma := func(at int) {
		if needComma {
			for at < len(out) && (out[at] == '\n' || out[at] == ' ' || out[at] == '\t') && at < len(text) && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n') {
				at++
			}
			if at < len(out) {
				out[at] = ','
			}
			needComma = false
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '"':
			for i++; i < len(text) && text[i] != '"'; i++ {
				if text[i] == '\\' {
					i++
				}
			}
			continue
		case '(', '[', '{':
			depth++
			continue
		case ')', ']', '}':
			depth--
			if depth == 0 && c == '}' && arrow {
				inBranch, arrow, needComma, start = false, false, true, i+1
			}
			continue
		}
		if depth != 0 {
			continue
		}
		word := func(w string) bool {
			return bytes.HasPrefix(text[i:], []byte(w)) && (i == 0 || !ast.IdentByte(text[i-1])) &&
				(i+len(w) >= len(text) || !ast.IdentByte(text[i+len(w)]))
		}
		switch {
		case c == '=' && i+1 < len(text) && text[i+1] == '>':
			if elseBranch {
				blank(i, i+2) // `else => expr` has no future
			} else {
				out[i], out[i+1] = ',', ' ' // the future, then its handler
			}
			arrow, elseBranch = true, false
			i++
		case c == '=' && !inBranch && (i+1 >= len(text) || text[i+1] != '=') && (i == 0 || !bytes.ContainsRune([]byte("=!<>"), rune(text[i-1]))):
			blank(start, i+1) // the pattern and its `=`
			comma(start)
			inBranch = true
		case c == ',' && i+3 < len(text) && bytes.HasPrefix(bytes.TrimLeft(text[i+1:], " \t\n"), []byte("if ")):
			k := i + 1 + (len(text[i+1:]) - len(bytes.TrimLeft(text[i+1:], " \t\n")))
			blank(k, k+2) // `, if cond` becomes `, cond`
		case c == ',':
			inBranch, arrow, needComma = false, false, false
			start = i + 1
		case word("biased"):
			end := bytes.IndexByte(text[i:], ';')
			if end >= 0 {
				blank(i, i+end+1)
				start = i + end + 1
			}
		case word("else") && !inBranch:
			blank(i, i+4)
			comma(i)
			inBranch, elseBranch = true, true
		}
	}
	return out
}

func tokenTree(m *ast.Node) *ast.Node {
	for _, c := range m.Children {
		if c.Kind == "token_tree" {
			return c
		}
	}
	return nil
}

func findBody(root *ast.Node) *ast.Node {
	for _, c := range root.Children {
		if c.Kind == "function_item" {
			return c.Child("body")
		}
	}
	return nil
}

func firstNamedChild(n *ast.Node) *ast.Node {
	for _, c := range n.Children {
		if c.Named && c.Kind != "line_comment" && c.Kind != "block_comment" {
			return c
		}
	}
	return nil
}
