package asyncmutex

import (
	"fmt"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// rewriteSite returns the edits that make one call on the mutex work on a
// tokio lock: lock/read/write are awaited and lose their poison handling,
// into_inner/get_mut lose their unwrap, try_lock stays.
func rewriteSite(s *site, lib string) ([]rewrite.Edit, string) {
	if s.tokens {
		return rewriteTokenSite(s, lib)
	}
	fl := s.file
	src := fl.src
	call := s.call
	at := fl.where(call)
	ed := func(start, end int, text string) rewrite.Edit {
		return rewrite.Edit{Path: fl.path, Start: start, End: end, New: text}
	}
	if p := call.Parent; p != nil && p.Kind == "await_expression" {
		return nil, "" // already awaited
	}
	unwrap := unwrapCall(call, src)
	switch s.method {
	case "lock", "read", "write":
		if lib == "parking_lot" {
			return []rewrite.Edit{ed(call.End, call.End, ".await")}, ""
		}
		if unwrap != nil {
			return []rewrite.Edit{ed(call.End, unwrap.End, ".await")}, ""
		}
		if p := call.Parent; p != nil && p.Kind == "try_expression" {
			return []rewrite.Edit{ed(call.End, p.End, ".await")}, ""
		}
		if me := mapErrTried(call, src); me != nil {
			// `m.lock().map_err(|_| Error::Poisoned)?`: tokio's lock cannot
			// fail, so the error branch goes with the poison.
			return []rewrite.Edit{ed(call.End, me.End, ".await")}, ""
		}
		if p := call.Parent; p != nil && p.Kind == "let_condition" && p.Child("value") == call {
			return rewriteIfLet(fl, call, p)
		}
		if p := call.Parent; p != nil && p.Kind == "match_expression" && p.Child("value") == call {
			return rewriteMatch(fl, call, p)
		}
		return nil, fmt.Sprintf("the result of `%s` at %s is used in a way sendfix does not rewrite", compact(call.Text(src)), at)
	case "try_lock", "try_read", "try_write":
		if strings.Contains(string(src), "TryLockError") {
			return nil, fmt.Sprintf("%s names std's TryLockError, which tokio's try_lock does not return", fl.path)
		}
		if lib == "parking_lot" && unwrap == nil {
			return nil, fmt.Sprintf("parking_lot's `%s` at %s returns an Option, tokio's a Result", s.method, at)
		}
		return nil, ""
	case "into_inner", "get_mut":
		if lib == "parking_lot" {
			return nil, ""
		}
		if unwrap != nil {
			return []rewrite.Edit{ed(call.End, unwrap.End, "")}, ""
		}
		return nil, fmt.Sprintf("the result of `%s` at %s is used in a way sendfix does not rewrite", compact(call.Text(src)), at)
	case "is_poisoned", "clear_poison":
		return nil, fmt.Sprintf("`%s` at %s: a tokio mutex cannot be poisoned", compact(call.Text(src)), at)
	}
	return nil, fmt.Sprintf("tokio's locks have no `%s` (%s)", s.method, at)
}

// unwrapCall returns `call.unwrap()` / `.expect(..)` / `.unwrap_or_else(..)`
// around call, or nil.
func unwrapCall(call *ast.Node, src []byte) *ast.Node {
	if outer, name := ast.CalledOn(call, src); unwrappers[name] {
		return outer
	}
	return nil
}

// mapErrTried returns the `?` of `call.map_err(..)?`, or nil.
func mapErrTried(call *ast.Node, src []byte) *ast.Node {
	outer, name := ast.CalledOn(call, src)
	if name != "map_err" {
		return nil
	}
	if t := outer.Parent; t != nil && t.Kind == "try_expression" {
		return t
	}
	return nil
}

// rewriteTokenSite rewrites `m.lock().unwrap()` written inside a macro.
func rewriteTokenSite(s *site, lib string) ([]rewrite.Edit, string) {
	fl := s.file
	src := fl.src
	tt := s.call.Parent
	cs := tt.Children
	i := int(s.call.Index) // the method identifier; cs[i+1] is `()`
	end := cs[i+1].End
	ed := func(start, end int, text string) rewrite.Edit {
		return rewrite.Edit{Path: fl.path, Start: start, End: end, New: text}
	}
	unwrapEnd := -1
	if i+3 < len(cs) && cs[i+2].Kind == "." && cs[i+3].Kind == "identifier" && unwrappers[cs[i+3].Text(src)] && i+4 < len(cs) && cs[i+4].Kind == "token_tree" {
		unwrapEnd = cs[i+4].End
	}
	switch s.method {
	case "lock", "read", "write":
		if lib == "parking_lot" {
			return []rewrite.Edit{ed(end, end, ".await")}, ""
		}
		if unwrapEnd >= 0 {
			return []rewrite.Edit{ed(end, unwrapEnd, ".await")}, ""
		}
	case "try_lock", "try_read", "try_write":
		if lib != "parking_lot" || unwrapEnd >= 0 {
			return nil, ""
		}
	case "into_inner", "get_mut":
		if lib == "parking_lot" {
			return nil, ""
		}
		if unwrapEnd >= 0 {
			return []rewrite.Edit{ed(end, unwrapEnd, "")}, ""
		}
	}
	return nil, fmt.Sprintf("`.%s()` inside the macro at %s is used in a way sendfix does not rewrite", s.method, fl.where(s.call))
}

// okBinding returns the pattern inside `Ok(PAT)`, or nil.
func okBinding(pat *ast.Node, src []byte) *ast.Node {
	if pat != nil && pat.Kind == "match_pattern" {
		cs := pat.NamedChildren()
		if len(cs) != 1 {
			return nil // an arm guard
		}
		pat = cs[0]
	}
	if pat == nil || pat.Kind != "tuple_struct_pattern" {
		return nil
	}
	t := pat.Child("type")
	if t == nil || t.Text(src) != "Ok" {
		return nil
	}
	var inner []*ast.Node
	for _, c := range pat.NamedChildren() {
		if c.Field() != "type" {
			inner = append(inner, c)
		}
	}
	if len(inner) != 1 {
		return nil
	}
	return inner[0]
}

// rewriteIfLet turns `if let Ok(g) = m.lock() { body } [else {..}]` into
// `let g = m.lock().await;` followed by the body (in a block unless the
// `if let` is the last statement of its block: the guard must not outlive
// the body).
func rewriteIfLet(fl *file, call, cond *ast.Node) ([]rewrite.Edit, string) {
	src := fl.src
	ifx := cond.Parent
	at := fl.where(call)
	if ifx == nil || ifx.Kind != "if_expression" || ifx.Child("condition") != cond {
		return nil, fmt.Sprintf("the `if let` at %s has other conditions", at)
	}
	inner := okBinding(cond.Child("pattern"), src)
	if inner == nil {
		return nil, fmt.Sprintf("the `if let` at %s does not match `Ok(guard)`", at)
	}
	if alt := ifx.Child("alternative"); alt != nil {
		for _, c := range alt.NamedChildren() {
			if c.Kind == "if_expression" {
				return nil, fmt.Sprintf("the `if let` at %s has an `else if`", at)
			}
		}
	}
	cons := ifx.Child("consequence")
	if cons == nil || len(cons.Children) < 2 {
		return nil, "unexpected syntax"
	}
	let := "let " + inner.Text(src) + " = " + call.Text(src) + ".await;"
	ed := func(start, end int, text string) rewrite.Edit {
		return rewrite.Edit{Path: fl.path, Start: start, End: end, New: text}
	}
	open, close := cons.Children[0], cons.Children[len(cons.Children)-1]
	ind := ast.Indent(src, ifx.Start)
	if stmt := lastStatement(src, ifx); stmt != nil {
		// The last statement: the body joins the enclosing block.
		bodyStart := skipSpace(src, open.End)
		bodyEnd := trimRight(src, bodyStart, close.Start)
		if bodyEnd <= bodyStart {
			return []rewrite.Edit{ed(stmt.Start, stmt.End, let)}, ""
		}
		unit := unitBetween(src, ifx.Start, bodyStart)
		body := dedent(fl, bodyStart, bodyEnd, unit)
		sep := newline(src) + ind
		if !strings.Contains(string(src[open.End:bodyStart]), "\n") {
			sep = " "
		}
		return []rewrite.Edit{ed(stmt.Start, stmt.End, let+sep+body)}, ""
	}
	edits := []rewrite.Edit{ed(ifx.Start, open.End, "{"+openSep(fl, open, ind)+let)}
	if cons.End < ifx.End {
		edits = append(edits, ed(cons.End, ifx.End, ""))
	}
	return edits, ""
}

// rewriteMatch turns `match m.lock() { Ok(g) => E, Err(..) => .. }` into
// `{ let g = m.lock().await; E }`, or `m.lock().await` for `Ok(g) => g`.
func rewriteMatch(fl *file, call, mx *ast.Node) ([]rewrite.Edit, string) {
	src := fl.src
	at := fl.where(call)
	body := mx.Child("body")
	if body == nil {
		return nil, "unexpected syntax"
	}
	var okArm *ast.Node
	var inner *ast.Node
	for _, arm := range body.NamedChildren() {
		if arm.Kind != "match_arm" {
			continue
		}
		pat := arm.Child("pattern")
		if b := okBinding(pat, src); b != nil {
			if okArm != nil {
				return nil, fmt.Sprintf("the `match` at %s has several Ok arms", at)
			}
			okArm, inner = arm, b
			continue
		}
		pt := strings.TrimSpace(pat.Text(src))
		if !strings.HasPrefix(pt, "Err(") && pt != "_" {
			return nil, fmt.Sprintf("the `match` at %s has the arm `%s`", at, compact(pt))
		}
	}
	if okArm == nil {
		return nil, fmt.Sprintf("the `match` at %s has no `Ok(guard)` arm", at)
	}
	val := okArm.Child("value")
	if val == nil {
		return nil, "unexpected syntax"
	}
	ed := func(text string) []rewrite.Edit {
		return []rewrite.Edit{{Path: fl.path, Start: mx.Start, End: mx.End, New: text}}
	}
	awaited := call.Text(src) + ".await"
	if id := identPattern(inner); id != nil && val.Kind == "identifier" && val.Text(src) == id.Text(src) {
		return ed(awaited), ""
	}
	let := "let " + inner.Text(src) + " = " + awaited + ";"
	if stmt := lastStatement(src, mx); stmt != nil {
		ind := ast.Indent(src, mx.Start)
		edit := func(text string) []rewrite.Edit {
			return []rewrite.Edit{{Path: fl.path, Start: stmt.Start, End: stmt.End, New: text}}
		}
		if val.Kind != "block" {
			return edit(let + newline(src) + ind + val.Text(src)), ""
		}
		if len(val.Children) >= 2 {
			open, close := val.Children[0], val.Children[len(val.Children)-1]
			bodyStart := skipSpace(src, open.End)
			bodyEnd := trimRight(src, bodyStart, close.Start)
			if bodyEnd <= bodyStart {
				return edit(let), ""
			}
			if strings.Contains(string(src[open.End:bodyStart]), "\n") {
				unit := unitBetween(src, mx.Start, okArm.Start)
				return edit(let + newline(src) + ind + dedent(fl, bodyStart, bodyEnd, unit+unit)), ""
			}
			return edit(let + " " + string(src[bodyStart:bodyEnd])), ""
		}
	}
	if val.Kind == "block" && len(val.Children) >= 2 {
		open := val.Children[0]
		unit := unitBetween(src, mx.Start, okArm.Start)
		next := skipSpace(src, open.End)
		sep := " "
		if strings.Contains(string(src[open.End:next]), "\n") {
			sep = newline(src) + ast.Indent(src, next)[len(unit):]
			if len(ast.Indent(src, next)) < len(unit) {
				sep = newline(src) + ast.Indent(src, next)
			}
		}
		return ed("{" + sep + let + dedent(fl, open.End, val.End, unit)), ""
	}
	return ed("{ " + let + " " + val.Text(src) + " }"), ""
}

// lastStatement returns the statement of the if/match expression x when
// it is the last item of its block, starts its line and its value (if
// any) is the block's: then a rewrite may put its body in the enclosing
// block. Else nil.
func lastStatement(src []byte, x *ast.Node) *ast.Node {
	stmt := x
	if p := x.Parent; p != nil && p.Kind == "expression_statement" {
		stmt = p
		if last := p.Children[len(p.Children)-1]; !last.Named && last.Kind == ";" {
			return nil
		}
	}
	block := stmt.Parent
	if block == nil || block.Kind != "block" || !lineStartsAt(src, x.Start) {
		return nil
	}
	items := ast.Items(block)
	if len(items) == 0 || items[len(items)-1] != stmt {
		return nil
	}
	return stmt
}

// openSep returns what goes between a block's `{` and a statement inserted
// first in it: a new line with the body's indentation, or a space when
// the body is on the `{` line.
func openSep(fl *file, open *ast.Node, outer string) string {
	src := fl.src
	next := skipSpace(src, open.End)
	if !strings.Contains(string(src[open.End:next]), "\n") {
		return " "
	}
	bodyInd := ast.Indent(src, next)
	if next >= len(src) || src[next] == '}' {
		bodyInd = outer + "    "
	}
	return newline(src) + bodyInd
}

func lineStartsAt(src []byte, off int) bool {
	return strings.TrimSpace(string(src[ast.LineStart(src, off):off])) == ""
}

func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

func trimRight(src []byte, from, to int) int {
	for to > from && (src[to-1] == ' ' || src[to-1] == '\t' || src[to-1] == '\n' || src[to-1] == '\r') {
		to--
	}
	return to
}

// unitBetween is the indentation step from the line of outer to the line
// of inner: a tab, the extra leading spaces, or four spaces.
func unitBetween(src []byte, outer, inner int) string {
	o, i := ast.Indent(src, outer), ast.Indent(src, inner)
	if strings.HasPrefix(i, "\t") {
		return "\t"
	}
	if strings.HasPrefix(i, o) && len(i) > len(o) {
		return i[len(o):]
	}
	return "    "
}

// dedent returns src[start:end] with one unit of indentation removed from
// every line after the first (lines inside string literals are kept).
func dedent(fl *file, start, end int, unit string) string {
	text := string(fl.src[start:end])
	lines := strings.SplitAfter(text, "\n")
	var b strings.Builder
	off := start
	for i, l := range lines {
		if i > 0 && strings.HasPrefix(l, unit) && !insideString(fl, off) {
			l = l[len(unit):]
		}
		off += len(lines[i])
		b.WriteString(l)
	}
	return b.String()
}

// insideString reports whether offset lies strictly inside a string
// literal or block comment.
func insideString(fl *file, off int) bool {
	inside := false
	fl.tree.Root.Walk(func(x *ast.Node) bool {
		if inside || off <= x.Start || off >= x.End {
			return false
		}
		switch x.Kind {
		case "string_literal", "raw_string_literal", "block_comment":
			inside = true
			return false
		}
		return true
	})
	return inside
}

// newline is the file's line ending: \r\n when its first line ends so.
func newline(src []byte) string {
	if i := strings.IndexByte(string(src), '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}
