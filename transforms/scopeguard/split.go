package scopeguard

import (
	"fmt"
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// splitIf handles an awaiting `if` that uses the guard in one branch
// before that branch's await, and in the other branch not across any
// await: the cache shape
//
//	let map = self.map.lock().unwrap();
//	if let Some(v) = map.get(&k) {
//	    v.clone()
//	} else {
//	    drop(map);
//	    let v = fetch(k).await;
//	    ..
//	}
//
// where drop(map) is not enough for rustc. The condition, the branch
// without an await and the part of the other branch before its first
// await run at the end of the guard's new block, which yields Some(value)
// when the first branch ran; the rest runs after the block:
//
//	let finished = {
//	    let map = self.map.lock().unwrap();
//	    if let Some(v) = map.get(&k) { Some(v.clone()) } else { drop(map); None }
//	};
//	if let Some(value) = finished { value } else { let v = fetch(k).await; .. }
//
// When both branches await, the block yields which one ran, and an `if`
// on that runs their awaiting parts. The order of everything that runs is
// kept; only the guard's end moves up, to where the awaiting part begins.
// It refuses (ok false) unless the statement is that shape: an else
// block, no await in the condition, no guard use in or after an awaiting
// part, and no variable of a moved part or of an `if let` pattern read
// there.
func (p *pass) splitIf(stmt, ctx *ast.Node, guard string, block *ast.Node) (hoist, bool) {
	ifx := exprOf(stmt)
	if ifx.Kind != "if_expression" {
		return hoist{}, false
	}
	cond, then := ifx.Child("condition"), ifx.Child("consequence")
	var other *ast.Node // the else block, if any
	if alt := ifx.Child("alternative"); alt != nil {
		for _, c := range alt.NamedChildren() {
			if c.Kind == "block" {
				other = c
			}
		}
		if other == nil {
			return hoist{}, false // else if
		}
	}
	awaits := func(n *ast.Node) bool { return n != nil && len(ast.AwaitPointsIn(n, ctx, p.src)) > 0 }
	if cond == nil || then == nil || other == nil || awaits(cond) || !awaits(then) && !awaits(other) {
		return hoist{}, false // (`if c { awaits }` without else: no value to yield)
	}
	// Each awaiting branch: the part before its first await moves, the
	// rest stays.
	type branch struct {
		block        *ast.Node
		moved, stays []*ast.Node
	}
	split := func(b *ast.Node) branch {
		moved, stays := splitAtAwait(ast.Items(b), awaits)
		return branch{b, moved, stays}
	}
	a, b := split(then), split(other)
	var stays []*ast.Node
	var bound []string
	for _, br := range []branch{a, b} {
		stays = append(stays, br.stays...)
		for _, n := range p.letNames(br.moved) {
			if p.readIn(n, br.stays) {
				return hoist{}, false // a variable of the moved part
			}
		}
		if len(br.stays) > 0 && !p.startsLine(br.stays[0]) {
			return hoist{}, false
		}
	}
	if p.readIn(guard, stays) {
		return hoist{}, false
	}
	// An `if let` pattern's variables do not reach the part that stays.
	cond.Walk(func(x *ast.Node) bool {
		if x.Kind == "let_condition" {
			if pat := x.Child("pattern"); pat != nil {
				names, _ := ast.PatternBindings(pat, p.src, false)
				bound = append(bound, names...)
			}
		}
		return true
	})
	for _, n := range bound {
		if p.readIn(n, a.stays) {
			return hoist{}, false
		}
	}
	unit := indentUnit(p.src, block, stmt)
	ind := ast.Indent(p.src, stmt.Start)
	in1, in2 := ind+unit, ind+unit+unit

	// A branch without an await runs whole in the block and yields its
	// value; an awaiting one runs its moved part there.
	movedText := func(br branch, last string) string {
		return p.movedLines(br.moved, guard, in2, unit) + in2 + last
	}
	yields := func(done *ast.Node) string {
		if its := ast.Items(done); len(its) == 1 && ast.IsTail(its[0]) && !strings.Contains(done.Text(p.src), "//") {
			return in2 + "Some(" + p.reindent(its[0].Start, its[0].End, unit) + ")" // `{ v.clone() }`
		}
		return in2 + "Some(" + p.reindent(done.Start, done.End, unit+unit) + ")"
	}
	rest := func(br branch) string { return string(p.src[p.restStart(br.block, br.moved):br.block.End]) }
	var thenText, elseText, base string
	var use func(name string, used map[string]bool) string
	switch {
	case a.stays != nil && b.stays != nil:
		// Both await: the block says which branch ran.
		base = "took_then"
		thenText, elseText = movedText(a, "true"), movedText(b, "false")
		use = func(name string, used map[string]bool) string {
			return "if " + name + " {\n" + rest(a) + " else {\n" + rest(b)
		}
	default:
		// One awaits: the block yields the other's value, or None.
		awaiting, done := a, b.block
		if b.stays != nil {
			awaiting, done = b, a.block
		}
		base = "finished"
		if awaiting.block == then {
			thenText, elseText = movedText(awaiting, "None"), yields(done)
		} else {
			thenText, elseText = yields(done), movedText(awaiting, "None")
		}
		use = func(name string, used map[string]bool) string {
			v := uniqueName("value", used)
			used[v] = true
			return "if let Some(" + v + ") = " + name + " {\n" + in1 + v + "\n" + ind + "} else {\n" + rest(awaiting)
		}
	}
	value := "if " + p.reindent(cond.Start, cond.End, unit) + " {\n" + thenText + "\n" + in1 + "} else {\n" + elseText + "\n" + in1 + "}"
	return hoist{at: ifx, base: base, value: value, stays: stays, use: use}, true
}

// splitMatch is splitIf for an awaiting `match` (a state machine that
// drops its guard in one arm and awaits):
//
//	match *state {
//	    Status::Idle => { *state = Status::Busy; drop(state); work().await }
//	    Status::Busy => 1,
//	}
//
// The scrutinee, the arms without an await and what an awaiting arm does
// before its await run in the guard's block. With one awaiting arm, the
// block yields Some(value) from the others, or None, and the awaiting
// part runs after it under `if let Some(value) = .. else`; when every arm
// awaits, the block yields the arm's index and a `match` on it runs the
// awaiting parts. Other mixes, an await in the scrutinee or an arm's
// guard, and an awaiting part reading the arm's pattern variables or what
// its moved part binds are refused.
func (p *pass) splitMatch(stmt, ctx *ast.Node, guard string, block *ast.Node) (hoist, bool) {
	mx := exprOf(stmt)
	if mx.Kind != "match_expression" {
		return hoist{}, false
	}
	scrut, body := mx.Child("value"), mx.Child("body")
	awaits := func(n *ast.Node) bool { return n != nil && len(ast.AwaitPointsIn(n, ctx, p.src)) > 0 }
	if scrut == nil || body == nil || awaits(scrut) {
		return hoist{}, false
	}
	type arm struct {
		node, pat, body *ast.Node
		moved, stays    []*ast.Node
		block           bool // the body is a block (else an expression)
	}
	var arms []arm
	var awaiting []int
	var stays []*ast.Node
	for _, c := range body.NamedChildren() {
		if c.Kind != "match_arm" {
			continue
		}
		a := arm{node: c, pat: c.Child("pattern"), body: c.Child("value")}
		if a.pat == nil || a.body == nil || awaits(a.pat) {
			return hoist{}, false
		}
		a.block = a.body.Kind == "block"
		if awaits(a.body) {
			if a.block {
				a.moved, a.stays = splitAtAwait(ast.Items(a.body), awaits)
			} else {
				a.stays = []*ast.Node{a.body}
			}
			if len(a.stays) == 0 || !p.startsLine(a.stays[0]) && a.block {
				return hoist{}, false
			}
			bound, _ := ast.PatternBindings(ast.ArmPattern(a.pat), p.src, false)
			bound = append(bound, p.letNames(a.moved)...)
			for _, n := range bound {
				if p.readIn(n, a.stays) {
					return hoist{}, false
				}
			}
			awaiting = append(awaiting, len(arms))
			stays = append(stays, a.stays...)
		}
		arms = append(arms, a)
	}
	if len(awaiting) == 0 || len(awaiting) > 1 && len(awaiting) != len(arms) || p.readIn(guard, stays) {
		return hoist{}, false
	}
	unit := indentUnit(p.src, block, stmt)
	ind := ast.Indent(p.src, stmt.Start)
	in1, in2, in3 := ind+unit, ind+unit+unit, ind+unit+unit+unit
	// An awaiting arm's moved part, then what the block yields for it.
	movedThen := func(a arm, last string) string {
		return "{\n" + p.movedLines(a.moved, guard, in3, unit+unit) + in3 + last + "\n" + in2 + "}"
	}
	// The rest of an awaiting arm, as a block whose closing brace is at
	// indentation at; its lines one level out of the match's arm.
	restOf := func(a arm, at string) string {
		if !a.block {
			return "{\n" + at + unit + p.reindent(a.body.Start, a.body.End, "") + "\n" + at + "}"
		}
		last := a.stays[len(a.stays)-1]
		start, end := p.restStart(a.body, a.moved), extendOverLineComment(p.src, last.End)
		text := p.dedent(start, end, unit)
		if at != ind {
			text = p.reindent(start, end, "")
		}
		return "{\n" + text + "\n" + at + "}"
	}
	one := len(awaiting) == 1
	var value strings.Builder
	value.WriteString("match " + p.reindent(scrut.Start, scrut.End, unit) + " {\n")
	for i, a := range arms {
		value.WriteString(in2 + p.reindent(a.pat.Start, a.pat.End, unit) + " => ")
		switch {
		case a.stays != nil && one:
			value.WriteString(movedThen(a, "None"))
		case a.stays != nil:
			value.WriteString(movedThen(a, fmt.Sprint(i)))
		case !a.block:
			value.WriteString("Some(" + p.reindent(a.body.Start, a.body.End, unit) + "),")
		case len(ast.Items(a.body)) == 1 && ast.IsTail(ast.Items(a.body)[0]) && !strings.Contains(a.body.Text(p.src), "//"):
			it := ast.Items(a.body)[0]
			value.WriteString("Some(" + p.reindent(it.Start, it.End, unit) + "),")
		default:
			value.WriteString("Some(" + p.reindent(a.body.Start, a.body.End, unit) + "),")
		}
		value.WriteString("\n")
	}
	value.WriteString(in1 + "}")
	var use func(name string, used map[string]bool) string
	base := "finished"
	if one {
		a := arms[awaiting[0]]
		use = func(name string, used map[string]bool) string {
			v := uniqueName("value", used)
			used[v] = true
			return "if let Some(" + v + ") = " + name + " {\n" + in1 + v + "\n" + ind + "} else " + restOf(a, ind)
		}
	} else {
		base = "arm"
		use = func(name string, used map[string]bool) string {
			var t strings.Builder
			t.WriteString("match " + name + " {\n")
			for k, i := range awaiting {
				label := fmt.Sprint(i)
				if k == len(awaiting)-1 {
					label = "_"
				}
				t.WriteString(in1 + label + " => " + restOf(arms[i], in1) + "\n")
			}
			return t.String() + ind + "}"
		}
	}
	return hoist{at: mx, base: base, value: value.String(), stays: stays, use: use}, true
}

// restStart is where the part of a block that stays after the guard's
// block begins: the line after its moved items (with the comments between
// them and the rest), or after the block's `{`.
func (p *pass) restStart(block *ast.Node, moved []*ast.Node) int {
	at := block.Start + 1
	if len(moved) > 0 {
		at = extendOverLineComment(p.src, moved[len(moved)-1].End)
	}
	for at < len(p.src) && p.src[at] != '\n' {
		at++
	}
	return at + 1
}

// exprOf is the expression of an expression statement, or stmt itself.
func exprOf(stmt *ast.Node) *ast.Node {
	if stmt.Kind == "expression_statement" {
		if c := stmt.NamedChildren(); len(c) == 1 {
			return c[0]
		}
	}
	return stmt
}

// splitAtAwait splits a block's items before the first that awaits; stays
// is nil when none does.
func splitAtAwait(items []*ast.Node, awaits func(*ast.Node) bool) (moved, stays []*ast.Node) {
	for k, it := range items {
		if awaits(it) {
			return items[:k], items[k:]
		}
	}
	return nil, nil
}

// letNames returns the variables the let statements among items bind.
func (p *pass) letNames(items []*ast.Node) []string {
	var out []string
	for _, it := range items {
		if it.Kind == "let_declaration" {
			if pat := it.Child("pattern"); pat != nil {
				names, _ := ast.PatternBindings(pat, p.src, false)
				out = append(out, names...)
			}
		}
	}
	return out
}

// movedLines writes the moved items, one per line at indentation in, each
// reindented by extra (one unit per level it moves in), without a final
// drop(guard): the end of the guard's block drops it.
func (p *pass) movedLines(moved []*ast.Node, guard, in, extra string) string {
	var t strings.Builder
	for k, it := range moved {
		if k == len(moved)-1 && isDropOf(it, guard, p.src) {
			break
		}
		t.WriteString(in + p.reindent(it.Start, extendOverLineComment(p.src, it.End), extra) + "\n")
	}
	return t.String()
}
