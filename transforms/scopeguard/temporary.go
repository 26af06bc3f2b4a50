package scopeguard

import (
	"fmt"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// tempScope returns the node whose end drops the temporaries of expression
// x (Rust reference, "temporary scopes"), and for a 2024 `if let` the part
// to ignore (the else branch, run after the scrutinee's temporaries drop).
func (p *pass) tempScope(x *ast.Node) (scope, exclude *ast.Node) {
	edition2024 := p.file.Edition >= "2024"
	for c := x; c.Parent != nil; c = c.Parent {
		par := c.Parent
		switch par.Kind {
		case "block":
			if c.Kind == "expression_statement" || c.Kind == "let_declaration" {
				return c, nil
			}
			if ast.IsTail(c) {
				if edition2024 {
					return c, nil
				}
				if fn := par.Parent; fn != nil && (fn.Kind == "function_item" || fn.Kind == "closure_expression" || fn.Kind == "async_block") {
					return par, nil
				}
				continue // 2021: tail temporaries outlive the block
			}
			return c, nil
		case "if_expression":
			if c.Field() == "condition" {
				if c.Kind != "let_condition" && c.Kind != "let_chain" {
					return c, nil // a plain condition is a terminating scope
				}
				if edition2024 {
					return par, par.Child("alternative")
				}
			}
		case "while_expression":
			if c.Field() == "condition" {
				if c.Kind != "let_condition" && c.Kind != "let_chain" {
					return c, nil
				}
				return par, nil // per iteration
			}
		case "match_arm":
			if c.Field() == "value" {
				return c, nil
			}
		case "match_pattern":
			if c.Field() == "condition" {
				return c, nil // arm guard
			}
		case "binary_expression":
			if c.Field() == "right" && (par.HasToken(p.src, "&&") || par.HasToken(p.src, "||")) {
				return c, nil
			}
		case "closure_expression", "async_block", "function_item":
			return c, nil
		}
	}
	return x, nil
}

// temporary handles a guard that no variable holds: it lives until its
// temporary scope ends. If an await of the same future runs in that scope
// after the guard is made, the value the statement takes from the guard is
// computed by a `let` before the statement.
func (p *pass) temporary(g ast.Guard, ctx *ast.Node) {
	scope, exclude := p.tempScope(g.Producer)
	var awaits []*ast.Node
	for _, a := range ast.AwaitPointsIn(scope, ctx, p.src) {
		if exclude != nil && exclude.Contains(a) {
			continue
		}
		if a.End <= g.Producer.Start && !a.Contains(g.Producer) {
			continue // awaited before the guard exists
		}
		awaits = append(awaits, a)
	}
	if len(awaits) == 0 {
		return
	}
	what := fmt.Sprintf("a temporary %s from `%s`", describe(g), compact(g.Producer.Text(p.src)))
	fail := func(why string) {
		p.report(g.Producer, awaits[0], fmt.Sprintf("%s lives until the end of its statement, across the .await at line {ref}: cannot fix automatically: %s", what, why), nil)
	}

	// `if let Ok(g) = m.lock()` / `match m.lock() { Ok(g) => .. }`: the
	// pattern binds the guard itself.
	if scrut := ast.ScrutineeOf(g.Producer); scrut != nil && ast.Unparen(scrut) == g.Producer {
		bound := fmt.Sprintf("%s bound by the pattern of an `if let`, `while let` or `match` is held across the .await at line {ref}", describe(g))
		if cond := scrut.Parent; cond.Kind == "let_condition" && cond.Parent != nil && cond.Parent.Kind == "if_expression" {
			fix, why := p.splitIfLet(cond.Parent, cond, ctx, awaits)
			if fix != nil {
				p.report(g.Producer, awaits[0], bound+"; the locked part of the body now runs in the `if let`, the awaiting part after it", fix)
				return
			}
			p.report(g.Producer, awaits[0], bound+": cannot fix automatically: "+why, nil)
			return
		}
		p.report(g.Producer, awaits[0], bound+": cannot fix automatically: move the locked work into a block before the await", nil)
		return
	}
	e := p.ownedAncestor(g.Producer, nil, awaits)
	if e == nil {
		for _, a := range awaits {
			if ops := a.NamedChildren(); len(ops) > 0 && madeFrom(ops[0], g.Producer) {
				fut := ops[0]
				// `cell.borrow_mut().do_stuff().await`: the awaited future
				// is made from the guard and may borrow it while it waits.
				remedy := "use an async-aware mutex (tokio::sync::Mutex)"
				if strings.Contains(g.Kind.Method, "borrow") {
					remedy = "make it from a value the RefCell does not lend (`get_mut()` when this task owns the cell), or use an async-aware mutex (tokio::sync::Mutex) in place of the RefCell"
				}
				fail(fmt.Sprintf("the future awaited at line %d, `%s`, is made from the guard and may borrow it while it waits; %s", ast.LineOf(p.src, a.Start), compact(fut.Text(p.src)), remedy))
				return
			}
		}
		if scrut := ast.ScrutineeOf(g.Producer); scrut != nil {
			if fix := p.clonedScrutinee(g, scrut, ctx); fix != nil {
				p.report(g.Producer, awaits[0], fmt.Sprintf("%s lives until the end of its `match` or `if let`, across the .await at line {ref}; the element it looks up is now cloned before it", what), fix)
				return
			}
			fail("the `match` or `if let` borrows its value from the guard, which stays locked through the arms that await; take an owned copy out first (`let v = " +
				compact(scrut.Text(p.src)) + ".cloned();`, then match on `v`), or use an async-aware mutex (tokio::sync::Mutex)")
			return
		}
		if arg := laterAwaitingArgument(g.Producer, awaits[0]); arg != nil {
			fail(fmt.Sprintf("a later argument of the same call awaits (`%s`) while the guard lives; await its future first, into a `let` before the statement (a guard it yields bound by name), then make the call", compact(arg.Text(p.src))))
			return
		}
		fail("the value borrowed from the guard is used across the await; clone it first or use an async-aware mutex (tokio::sync::Mutex)")
		return
	}
	// A `while let` scrutinee is evaluated on every iteration.
	if scope.Kind == "while_expression" {
		if cond := scope.Child("condition"); cond != nil && cond.Kind == "let_condition" && ast.Unparen(cond.Child("value")) == e {
			if fix := p.whileToLoop(scope, cond); fix != nil {
				p.report(g.Producer, awaits[0], fmt.Sprintf("%s in a `while let` condition lives through the loop body, across the .await at line {ref}; the loop now takes the value with `let .. else { break }`", what), fix)
				return
			}
		}
		fail("the guard is made in a `while let` condition")
		return
	}
	stmt := e
	for stmt.Parent != nil && stmt.Parent.Kind != "block" {
		stmt = stmt.Parent
	}
	if stmt.Parent == nil || !stmt.Contains(scope) && !scope.Contains(stmt) {
		fail("the statement is not in a block")
		return
	}
	if why := p.movable(e, stmt); why != "" {
		fail(why)
		return
	}
	used := p.identifiersIn(ctx)
	name := uniqueName(hoistName(e, p.src, "guard"), used)
	// The let goes on a line of its own, or, when the statement shares its
	// line (`sleep({ m.read().unwrap().clone() })`, where the block's tail
	// is the statement), before it on that line. One edit: the let and the
	// value's place may start at the same byte.
	sep := "\n" + ast.Indent(p.src, stmt.Start)
	if !p.startsLine(stmt) {
		sep = " "
	}
	fix := &rewrite.Fix{
		Message: "compute the value before the awaiting statement",
		Edits: []rewrite.Edit{
			{Start: stmt.Start, End: e.End, New: "let " + name + " = " + e.Text(p.src) + ";" + sep + string(p.src[stmt.Start:e.Start]) + name},
		},
	}
	p.report(g.Producer, awaits[0], fmt.Sprintf("%s lives until the end of its statement, across the .await at line {ref}; the value is now computed before the statement", what), fix)
}

// whileToLoop rewrites `while let PAT = EXPR {` as
// `loop { let PAT = EXPR else { break };`, so the scrutinee's temporaries
// end with the let statement instead of living through the body.
func (p *pass) whileToLoop(w, cond *ast.Node) *rewrite.Fix {
	body := w.Child("body")
	pat := cond.Child("pattern")
	val := cond.Child("value")
	if body == nil || pat == nil || val == nil || len(body.Children) == 0 {
		return nil
	}
	kw := -1
	for _, c := range w.Children {
		if !c.Named && c.Kind == "while" {
			kw = c.Start
		}
	}
	if kw < 0 {
		return nil
	}
	ind := ast.Indent(p.src, w.Start)
	inner := ind + "    "
	if first := ast.Items(body); len(first) > 0 {
		inner = ast.Indent(p.src, first[0].Start)
	}
	open := body.Children[0] // `{`
	text := "loop {\n" + inner + "let " + pat.Text(p.src) + " = " + val.Text(p.src) + " else { break };"
	return &rewrite.Fix{
		Message: "take the next value in a let-else inside `loop`",
		Edits:   []rewrite.Edit{{Start: kw, End: open.End, New: text}},
	}
}

func compact(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// splitIfLet splits `if let PAT = LOCK { locked..; awaiting.. } [else ..]`
// in two: the `if let` keeps the statements before the first await and
// yields what the rest needs; a second `if` runs the rest after the guard
// is gone:
//
//	let maybe_user = if let Ok(mut s) = m.lock() { Some(s.remove(&k)) } else { None };
//	if let Some(user) = maybe_user { send(user).await; }
func (p *pass) splitIfLet(ifx, cond, ctx *ast.Node, awaits []*ast.Node) (*rewrite.Fix, string) {
	stmt := ifx.Parent
	if stmt == nil || stmt.Kind != "expression_statement" || stmt.Parent == nil || stmt.Parent.Kind != "block" {
		return nil, "the `if let` is used as a value"
	}
	cons := ifx.Child("consequence")
	pat := cond.Child("pattern")
	if cons == nil || pat == nil {
		return nil, "unexpected syntax"
	}
	for _, a := range awaits {
		if !cons.Contains(a) {
			return nil, "the else branch awaits while the guard's temporary is alive"
		}
	}
	list := ast.Items(cons)
	k := -1
	for i, it := range list {
		if len(ast.AwaitPointsIn(it, ctx, p.src)) > 0 {
			k = i
			break
		}
	}
	if k < 0 {
		return nil, "unexpected syntax"
	}
	guards, _ := ast.PatternBindings(pat, p.src, false)
	rest := list[k:]
	for _, gname := range guards {
		if p.readIn(gname, rest[1:]) {
			return nil, fmt.Sprintf("`%s` is used after the await; it needs an async-aware mutex (tokio::sync::Mutex)", gname)
		}
		if p.readIn(gname, rest[:1]) {
			return nil, fmt.Sprintf("`%s` is used by the statement that awaits; compute what it needs from `%s` in a `let` before that statement", gname, gname)
		}
	}
	// Variables the locked part defines and the rest reads leave the
	// `if let` as its value; they must not borrow from the guard.
	deps := map[string]bool{}
	for _, gname := range guards {
		deps[gname] = true
	}
	ownedVar := func(name string) bool { return !deps[name] }
	var exported []binding
	for _, it := range list[:k] {
		if it.Kind != "let_declaration" || it.Child("pattern") == nil {
			continue
		}
		names, muts := ast.PatternBindings(it.Child("pattern"), p.src, ast.LetMut(it))
		val := it.Child("value")
		typed := it.Child("type") != nil && ast.OwnedType(it.Child("type").Text(p.src))
		dependent := val != nil && p.mentionsAny(val, deps) && !typed && !ast.Owned(val, p.src, ownedVar)
		for j, n := range names {
			exported = removeBinding(exported, n)
			if dependent {
				deps[n] = true
			} else {
				delete(deps, n)
			}
			if p.readIn(n, rest) {
				if dependent {
					return nil, fmt.Sprintf("`%s` may borrow from the guard and is used after the await", n)
				}
				exported = append(exported, binding{name: n, mut: muts[j], let: it})
			}
		}
	}
	ind := ast.Indent(p.src, ifx.Start)
	unit := indentUnit(p.src, stmt.Parent, stmt)
	inner := ind + unit
	if len(list) > 0 {
		inner = ast.Indent(p.src, list[0].Start)
	}
	used := p.identifiersIn(ctx)

	var locked strings.Builder // the statements before the await, as written
	lockedEnd := k
	var values []string
	inline := len(exported) == 1 && k > 0 && exported[0].let == list[k-1] && list[k-1].Child("pattern").Kind == "identifier" && list[k-1].Child("value") != nil
	if inline {
		lockedEnd = k - 1
	}
	if lockedEnd > 0 {
		end := extendOverLineComment(p.src, list[lockedEnd-1].End)
		locked.WriteString(inner + string(p.src[list[0].Start:end]) + "\n")
	}
	var pats []string
	for _, e := range exported {
		pat := e.name
		if e.mut && p.mutatedIn(e.name, rest) {
			pat = "mut " + pat
		}
		pats = append(pats, pat)
		values = append(values, e.name)
	}
	if inline {
		values = []string{list[k-1].Child("value").Text(p.src)}
	}
	var b strings.Builder
	var name string
	if len(exported) == 0 {
		name = uniqueName("locked", used)
		b.WriteString("let " + name + " = if let " + pat.Text(p.src) + " = " + cond.Child("value").Text(p.src) + " {\n")
		b.WriteString(locked.String())
		b.WriteString(inner + "true\n" + ind + "} else {\n" + inner + "false\n" + ind + "};\n")
		b.WriteString(ind + "if " + name + " {\n")
	} else {
		base := "locked_values"
		if len(exported) == 1 {
			base = "maybe_" + exported[0].name
		}
		name = uniqueName(base, used)
		b.WriteString("let " + name + " = if let " + pat.Text(p.src) + " = " + cond.Child("value").Text(p.src) + " {\n")
		b.WriteString(locked.String())
		b.WriteString(inner + "Some(" + tuple(values) + ")\n" + ind + "} else {\n" + inner + "None\n" + ind + "};\n")
		b.WriteString(ind + "if let Some(" + tuple(pats) + ") = " + name + " {\n")
	}
	closeBrace := cons.Children[len(cons.Children)-1]
	restEnd := trimRightSpace(p.src, rest[len(rest)-1].End, closeBrace.Start)
	b.WriteString(inner + string(p.src[rest[0].Start:restEnd]) + "\n" + ind + "}")
	return &rewrite.Fix{
		Message: "split the `if let` so the guard ends before the await",
		Edits:   []rewrite.Edit{{Start: ifx.Start, End: cons.End, New: b.String()}},
	}, ""
}

// laterAwaitingArgument returns the argument of the call that takes the
// guard's value (in an earlier argument) and that holds the await, or nil:
// `apply(&mut items.lock().unwrap(), &mut *meta.lock().await)`
// (matrix-rust-sdk#1221).
func laterAwaitingArgument(producer, await *ast.Node) *ast.Node {
	for x := producer; x != nil; x = x.Parent {
		if x.Kind != "arguments" {
			continue
		}
		var guardArg *ast.Node
		for _, a := range x.NamedChildren() {
			switch {
			case a.Contains(producer):
				guardArg = a
			case guardArg != nil && a.Contains(await):
				return a
			}
		}
		return nil
	}
	return nil
}

// madeFrom reports whether fut is a method chain on v: `v.f()`, `v.x.f()?`,
// not a call that is given something computed from v (`sleep(v.t)`).
func madeFrom(fut, v *ast.Node) bool {
	for x := v; x != nil; x = x.Parent {
		if x == fut {
			return true
		}
		p := x.Parent
		if p == nil {
			return false
		}
		switch p.Kind {
		case "field_expression", "index_expression":
			if p.Children[0] != x {
				return false
			}
		case "call_expression":
			if p.Child("function") != x {
				return false
			}
		case "try_expression", "parenthesized_expression":
		default:
			return false
		}
	}
	return false
}
