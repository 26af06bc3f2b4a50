package scopeguard

import (
	"fmt"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// instrumentSpan is tracing's remedy for `let _s = span.entered();` held
// across an await in an async body: the rest of the body becomes an async
// block instrumented with the span, which enters it on each poll, on
// whatever thread polls it:
//
//	tracing::Instrument::instrument(
//	    async move {
//	        ..rest of the body..
//	    },
//	    span,
//	)
//	.await
//
// Only the rest of an async fn's or async block's body can move, and only
// when nothing in it leaves that body another way than by its value: a
// `return`, a `break`/`continue` of an outer loop, or a `?` in an async
// block (whose error type the new block could not infer; an async fn's
// return type gives it). The reason is "" when the fix is
// not for this guard at all.
func (p *pass) instrumentSpan(g ast.Guard, name string, let *ast.Node, scope *ast.LetScope) (*rewrite.Fix, string) {
	block := let.Parent
	if block == nil || block.Parent == nil || scope.End != len(scope.List) || scope.I+1 >= len(scope.List) {
		return nil, ""
	}
	if owner := block.Parent; owner.Kind != "async_block" && owner.Kind != "function_item" || !ast.IsAsync(owner, p.src) {
		return nil, ""
	}
	recv, method, _, ok := ast.MethodCall(g.Call, p.src)
	if !ok || method != "entered" || let.Child("value") != g.Call {
		return nil, ""
	}
	rest := scope.List[scope.I+1:]
	for k := scope.I + 1; k < scope.End; k++ {
		if us := scope.ItemUses(k, p.src); len(us) > 0 {
			return nil, fmt.Sprintf("`%s` is used at line %d, after the span is entered", name, ast.LineOf(p.src, us[0].Start))
		}
	}
	// A `?` in the new block infers its error type from the fn's return
	// type, which the awaited block's value is; an async block has none
	// written.
	tryOK := block.Parent.Kind == "function_item" && block.Parent.Child("return_type") != nil
	for _, it := range rest {
		if x := leavesBody(it, tryOK); x != nil {
			return nil, fmt.Sprintf("the `%s` at line %d would leave the new async block, not the body", leaveWord(x), ast.LineOf(p.src, x.Start))
		}
	}
	unit := indentUnit(p.src, block, let)
	ind := ast.Indent(p.src, let.Start)
	start, end := rest[0].Start, extendOverLineComment(p.src, rest[len(rest)-1].End)
	var b strings.Builder
	spanArg := ast.Reindent(p.tree.Root, p.src, recv.Start, recv.End, unit)
	if recv.Kind != "identifier" {
		// Made before the block, which may move what it reads.
		n := uniqueName("span", p.identifiersIn(ast.ContextOf(block, p.src)))
		b.WriteString("let " + n + " = " + ast.Reindent(p.tree.Root, p.src, recv.Start, recv.End, "") + ";\n" + ind)
		spanArg = n
	}
	if p.importsInstrument() {
		b.WriteString("async move {\n")
		b.WriteString(ind + unit + ast.Reindent(p.tree.Root, p.src, start, end, unit) + "\n")
		b.WriteString(ind + "}\n")
		b.WriteString(ind + ".instrument(" + spanArg + ")\n")
	} else {
		b.WriteString("tracing::Instrument::instrument(\n")
		b.WriteString(ind + unit + "async move {\n")
		b.WriteString(ind + unit + unit + ast.Reindent(p.tree.Root, p.src, start, end, unit+unit) + "\n")
		b.WriteString(ind + unit + "},\n")
		b.WriteString(ind + unit + spanArg + ",\n")
		b.WriteString(ind + ")\n")
	}
	b.WriteString(ind + ".await")
	if last := rest[len(rest)-1]; last.Kind != "expression_statement" || strings.HasSuffix(strings.TrimSpace(last.Text(p.src)), ";") {
		if !ast.IsTail(last) {
			b.WriteString(";")
		}
	}
	return &rewrite.Fix{
		Message: "instrument the rest of the body with the span instead of entering it",
		Edits:   []rewrite.Edit{{Start: let.Start, End: end, New: b.String()}},
	}, ""
}

// importsInstrument reports whether the file brings tracing's Instrument
// trait into scope at its top (`use tracing::{Instrument, ..}`), so the
// fix can call `.instrument(span)` as a method.
func (p *pass) importsInstrument() bool {
	for _, n := range p.tree.Root.NamedChildren() {
		if n.Kind == "use_declaration" && strings.Contains(n.Text(p.src), "tracing") && ast.ContainsWord(p.src[n.Start:n.End], "Instrument") {
			return true
		}
	}
	return false
}

// leavesBody returns a `return`, `?`, `break` or `continue` in it that
// would leave an async block wrapped around it differently than it leaves
// the body now, or nil. Closures, async blocks and items have their own
// returns; loops inside it their own breaks.
func leavesBody(it *ast.Node, tryOK bool) *ast.Node {
	var found *ast.Node
	var walk func(n *ast.Node, inLoop bool)
	walk = func(n *ast.Node, inLoop bool) {
		if found != nil {
			return
		}
		switch n.Kind {
		case "closure_expression", "async_block", "function_item", "macro_definition":
			return
		case "return_expression":
			found = n
			return
		case "try_expression":
			if !tryOK {
				found = n
				return
			}
		case "break_expression", "continue_expression":
			if !inLoop || loopLabel(n) {
				found = n
				return
			}
		case "loop_expression", "while_expression", "for_expression":
			inLoop = true
		}
		for _, c := range n.Children {
			walk(c, inLoop)
		}
	}
	walk(it, false)
	return found
}

// loopLabel reports whether a break or continue names a label: it may
// leave a loop outside the new block.
func loopLabel(n *ast.Node) bool {
	for _, c := range n.Children {
		if c.Kind == "label" || c.Kind == "lifetime" {
			return true
		}
	}
	return false
}

func leaveWord(n *ast.Node) string {
	switch n.Kind {
	case "try_expression":
		return "?"
	case "return_expression":
		return "return"
	case "break_expression":
		return "break"
	}
	return "continue"
}
