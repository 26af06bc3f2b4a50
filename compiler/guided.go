package compiler

import (
	"fmt"
	"path/filepath"
	"sync"

	"sendfix/rewrite"
)

// Matcher keeps exactly the findings that fix a Send error rustc reported,
// and remembers which reports no finding answered.
type Matcher struct {
	mu      sync.Mutex
	reports []Report
	matched []bool
}

// NewMatcher prepares a matcher for the reports.
func NewMatcher(reports []Report) *Matcher {
	return &Matcher{reports: reports, matched: make([]bool, len(reports))}
}

// Keep is a rewrite.KeepFunc: a finding is kept when its transform owns
// the reported type and it sits on the reported value (same file, a line
// of the value's span). Values rustc does not locate (a captured Rc in a
// thread::spawn closure) are matched by file.
func (m *Matcher) Keep(disk string, f rewrite.Finding) bool {
	abs, err := filepath.Abs(disk)
	if err != nil {
		abs = disk
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	keep := false
	for i, r := range m.reports {
		if !owns(r.Type, f.Transform) {
			continue
		}
		switch {
		case r.Value != nil && !r.Captured:
			if r.Value.File == abs && f.Line >= r.Value.Line && f.Line <= r.Value.EndLine {
				m.matched[i], keep = true, true
			}
		default:
			file := r.Primary.File
			if r.Value != nil {
				file = r.Value.File
			}
			if file == abs {
				m.matched[i], keep = true, true
			}
		}
	}
	return keep
}

func owns(typ, transform string) bool {
	for _, o := range Owners(typ) {
		if o == transform {
			return true
		}
	}
	return false
}

// Unmatched returns a manual finding for every report that no finding
// answered: a type no pass owns, or a shape the passes could not see.
// display turns an absolute path into the path shown to the user.
func (m *Matcher) Unmatched(display func(abs string) string) []rewrite.Finding {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []rewrite.Finding
	for i, r := range m.reports {
		if m.matched[i] {
			continue
		}
		out = append(out, UnmatchedFinding(r, display))
	}
	return out
}

// UnmatchedFinding describes a Send error sendfix does not fix.
func UnmatchedFinding(r Report, display func(abs string) string) rewrite.Finding {
	at := r.anchor()
	where := ""
	if r.Await != nil {
		where = fmt.Sprintf(" across the .await at line %d", r.Await.Line)
	} else if r.Captured {
		where = " captured by a future or closure that must be Send"
	}
	why := "no sendfix pass fixes this type"
	if len(Owners(r.Type)) > 0 {
		why = "sendfix found no fixable pattern here"
	}
	msg := fmt.Sprintf("rustc: %s: `%s` is not Send and is held%s: cannot fix automatically (%s): %s", r.Message, r.Type, where, why, Remedy(r.Type))
	return rewrite.Finding{Transform: "rustc", Path: display(at.File), Start: at.Start, End: at.End, Line: at.Line, Col: at.Col, Message: msg}
}
