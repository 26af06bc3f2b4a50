package scopeguard

import (
	"bytes"
	"fmt"
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// nonSendParams reports a parameter of an async fn whose future must be
// Send, of a struct of the file that holds a non-Send field (`c:
// Consumer` with `rng: ThreadRng`), when the fn awaits: the future holds
// the parameter from its start to its end. Reported, not rewritten: the
// struct's field is what must change.
func (p *pass) nonSendParams() {
	if !bytes.Contains(p.src, []byte("struct ")) {
		return
	}
	types := ast.NonSendStructs(p.tree)
	if len(types) == 0 {
		return
	}
	p.tree.Root.Walk(func(fn *ast.Node) bool {
		if fn.Kind != "function_item" {
			return true
		}
		params, body := fn.Child("parameters"), fn.Child("body")
		if params == nil || body == nil || !ast.IsAsync(fn, p.src) {
			return false
		}
		awaits := ast.AwaitPointsIn(body, fn, p.src)
		if len(awaits) == 0 || !p.file.All && !p.required(fn) {
			return false
		}
		for _, prm := range params.NamedChildren() {
			pat, typ := prm.Child("pattern"), prm.Child("type")
			if prm.Kind != "parameter" || pat == nil || typ == nil {
				continue
			}
			why, ok := types[ast.PointeeTypeName(typ, p.src)]
			if !ok {
				continue
			}
			p.report(pat, awaits[0], fmt.Sprintf("`%s` (%s) is held across the .await at line {ref}, as a parameter of an async fn whose future must be Send: cannot fix automatically: that field makes it not Send; %s", pat.Text(p.src), why, structRemedy(why)), nil)
		}
		return false
	})
}

// structRemedy says what to change for a struct of the file that is not
// Send because of the field described in why.
func structRemedy(why string) string {
	if strings.Contains(why, "ThreadRng") {
		return "give the field a Send RNG (rand::rngs::StdRng, seeded with StdRng::from_entropy())"
	}
	return "keep the value out of this future (build it after the last await, or give it its own thread)"
}

// nonSendLoopIterators reports a `for` loop whose body awaits, in a future
// that must be Send, over a struct of the file that holds a non-Send
// field (`for d in Backoff { rng: thread_rng(), .. }`, or a method of the
// file returning one): the loop's hidden iterator lives across the await.
func (p *pass) nonSendLoopIterators() {
	if !bytes.Contains(p.src, []byte("struct ")) || !bytes.Contains(p.src, []byte("for ")) {
		return
	}
	types := ast.NonSendStructs(p.tree)
	if len(types) == 0 {
		return
	}
	values := ast.NewValueTypes(p.tree)
	p.tree.Root.Walk(func(n *ast.Node) bool {
		if n.Kind != "for_expression" {
			return true
		}
		value, body := n.Child("value"), n.Child("body")
		ctx := ast.ContextOf(n, p.src)
		if value == nil || body == nil || ctx == nil || !ast.IsAsync(ctx, p.src) || !p.file.All && !p.required(ctx) {
			return true
		}
		why, ok := types[values.Of(value)]
		if !ok {
			return true
		}
		if awaits := ast.AwaitPointsIn(body, ctx, p.src); len(awaits) > 0 {
			p.report(value, awaits[0], fmt.Sprintf("the `for` loop's iterator (%s) is held across the .await at line {ref}: cannot fix automatically: that field makes it not Send; %s", why, structRemedy(why)), nil)
		}
		return true
	})
}
