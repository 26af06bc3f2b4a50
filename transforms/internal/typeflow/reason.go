package typeflow

import (
	"bytes"
	"fmt"
	"strings"
)

// reasonRank orders reasons by how plainly they show the problem, the
// way rustc reports it: a value captured by a spawned future first, then
// a spawned task's output, a parameter of a spawned async fn, a value held
// across an await, an awaited future.
var reasonRank = map[string]int{"capture": 0, "output": 1, "param": 2, "held": 3, "await": 4, "async_trait": 5, "spawn": 6, "bound": 7, "static": 8}

// Better reports whether a is a better reason to report than b.
func Better(a, b *Reason) bool {
	if a == nil || a.File == nil {
		return false
	}
	if b == nil || b.File == nil {
		return true
	}
	ra, rb := rank(a), rank(b)
	if ra != rb {
		return ra < rb
	}
	if a.File.Path != b.File.Path {
		return a.File.Path < b.File.Path
	}
	return a.At < b.At
}

func rank(r *Reason) int {
	if n, ok := reasonRank[r.Kind]; ok {
		return n
	}
	return len(reasonRank)
}

// Line returns the 1-based line of a byte offset.
func (f *File) Line(off int) int {
	if off > len(f.Src) {
		off = len(f.Src)
	}
	return 1 + bytes.Count(f.Src[:off], []byte{'\n'})
}

// Describe says, in words, why the value must be Send. The message may
// name one place as "line {ref}"; ref is its offset in r.File.
func (r *Reason) Describe() (msg string, ref int) {
	ref = r.Ref
	var sp *Spawn
	if r.Owner != nil {
		sp = r.Owner.Spawned
	}
	// spawnedAt names the spawn: "at line {ref}" when it is the ref.
	spawnedAt := func(useRef bool) string {
		if sp == nil {
			return ""
		}
		if sp.File != r.File {
			return fmt.Sprintf("in %s:%d", sp.File.Path, sp.File.Line(sp.Call.Start))
		}
		if useRef {
			ref = sp.Call.Start
			return "at line {ref}"
		}
		return fmt.Sprintf("at line %d", sp.File.Line(sp.Call.Start))
	}
	where := func() string {
		switch {
		case r.Fn != "" && sp != nil:
			return fmt.Sprintf("the future of `%s`, spawned %s (%s requires Send)", r.Fn, spawnedAt(false), sp.Name)
		case r.Fn != "":
			return fmt.Sprintf("the future of `%s`, which must be Send", r.Fn)
		case sp != nil:
			return fmt.Sprintf("the task spawned %s (%s requires Send)", spawnedAt(false), sp.Name)
		}
		return "a future that must be Send"
	}
	switch r.Kind {
	case "capture":
		if sp != nil {
			at := spawnedAt(true)
			return fmt.Sprintf("`%s` is captured by the task spawned %s (%s requires Send)", r.Name, at, sp.Name), ref
		}
		return fmt.Sprintf("`%s` is captured by the closure or async block at line {ref}, which must be Send", r.Name), ref
	case "param":
		if sp != nil {
			at := spawnedAt(true)
			return fmt.Sprintf("`%s` lives in the future of `%s`, spawned %s (%s requires Send)", r.Name, r.Fn, at, sp.Name), ref
		}
		return fmt.Sprintf("`%s` lives in the future of `%s`, which must be Send", r.Name, r.Fn), ref
	case "held":
		return fmt.Sprintf("`%s` is held across the .await at line {ref} in %s", oneLine(r.Name), where()), ref
	case "await":
		return fmt.Sprintf("`%s` is awaited at line {ref} in %s", oneLine(string(r.File.Src[r.At:r.End])), where()), ref
	case "async_trait":
		return fmt.Sprintf("the future of #[async_trait] method `%s` must be Send", r.Fn), ref
	case "output":
		return fmt.Sprintf("the output of the task spawned at line {ref} must be Send (%s)", r.Spawner), ref
	case "spawn":
		return fmt.Sprintf("the value given to %s at line {ref} must be Send", r.Spawner), ref
	case "static":
		return fmt.Sprintf("the static `%s` at line {ref} is shared by every thread, so its type must be Sync", r.Name), ref
	case "bound":
		if r.Name == "boxed" {
			return "the future boxed by .boxed() at line {ref} must be Send", ref
		}
		if pred, ok := strings.CutPrefix(r.Name, "where "); ok {
			return fmt.Sprintf("`%s` at line {ref} needs `%s` of its argument's type", oneLine(string(r.File.Src[r.At:r.End])), pred), ref
		}
		return fmt.Sprintf("a value reaches `%s` at line {ref}, which is bounded Send", oneLine(string(r.File.Src[r.At:r.End]))), ref
	}
	return "this value must be Send", ref
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
