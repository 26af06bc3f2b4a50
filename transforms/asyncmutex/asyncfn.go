package asyncmutex

import (
	"fmt"
	"strings"

	"sendfix/rewrite"
	ast "sendfix/transforms/internal/rustast"
)

// maxAsyncDepth bounds how far up the call graph sync fns are made async.
const maxAsyncDepth = 3

// asyncPlan is the set of sync fns a fix makes async, with the edits.
type asyncPlan struct {
	fns   map[*ast.Node]bool
	edits []rewrite.Edit
}

func newAsyncPlan() *asyncPlan { return &asyncPlan{fns: map[*ast.Node]bool{}} }

// isAsyncCtx reports whether code in ctx may await: an async fn, block or
// closure, or a fn the plan makes async.
func (pl *asyncPlan) isAsyncCtx(ctx *ast.Node, src []byte) bool {
	return ast.IsAsync(ctx, src) || pl.fns[ctx]
}

// makeAsync plans to make the sync fn fn async and to await every call of
// it. A caller that is a sync fn is made async in turn (to depth
// maxAsyncDepth). why says why fn cannot become async, naming the sync
// caller.
func (k *pkg) makeAsync(pl *asyncPlan, fl *file, fn *ast.Node, depth int) string {
	src := fl.src
	if pl.fns[fn] {
		return ""
	}
	fi := k.fnOf[fn]
	if fi == nil || fn.Child("body") == nil {
		return "it has no body"
	}
	name := fi.name
	if depth > maxAsyncDepth {
		return fmt.Sprintf("sendfix makes at most %d levels of callers async", maxAsyncDepth)
	}
	if name == "main" {
		return "it is `main`"
	}
	if fi.trait {
		return "it is a trait method"
	}
	for _, attr := range ast.Attributes(fn, src) {
		if strings.Contains(attr, "test") {
			return "it is a test"
		}
	}
	insertAt := -1
	for _, c := range fn.Children {
		if c.Kind == "function_modifiers" {
			if strings.Contains(c.Text(src), "const") {
				return "it is a const fn"
			}
			insertAt = c.Start
			break
		}
		if !c.Named && c.Kind == "fn" {
			insertAt = c.Start
			break
		}
	}
	if insertAt < 0 {
		return "unexpected syntax"
	}
	calls, why := k.callsOf(fi)
	if why != "" {
		return why
	}
	if len(calls) == 0 {
		return "it has no caller in the package (it may be public API)"
	}
	pl.fns[fn] = true
	pl.edits = append(pl.edits, rewrite.Edit{Path: fl.path, Start: insertAt, End: insertAt, New: "async "})
	for _, c := range calls {
		ctx := ast.ContextOf(c.call, c.file.src)
		switch {
		case ctx == nil:
			return fmt.Sprintf("it is called outside any fn at %s", c.file.where(c.call))
		case pl.isAsyncCtx(ctx, c.file.src):
		case ctx.Kind == "function_item":
			caller := "?"
			if n := ctx.Child("name"); n != nil {
				caller = n.Text(c.file.src)
			}
			if why := k.makeAsync(pl, c.file, ctx, depth+1); why != "" {
				return fmt.Sprintf("it is called from the non-async fn `%s` (%s), which cannot become async: %s", caller, c.file.where(c.call), why)
			}
		default:
			return fmt.Sprintf("it is called from a non-async closure at %s", c.file.where(c.call))
		}
		pl.edits = append(pl.edits, rewrite.Edit{Path: c.file.path, Start: c.call.End, End: c.call.End, New: ".await"})
	}
	return ""
}
