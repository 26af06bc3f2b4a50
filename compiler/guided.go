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
	files   []reportFiles // the real paths of each report's spans
	matched []bool
	real    map[string]string
}

// reportFiles are a report's files with symlinks resolved: cargo names
// files by their real path, the user may name them through a symlink.
type reportFiles struct{ value, within, primary string }

// NewMatcher prepares a matcher for the reports.
func NewMatcher(reports []Report) *Matcher {
	m := &Matcher{reports: reports, matched: make([]bool, len(reports)), real: map[string]string{}}
	for _, r := range reports {
		var rf reportFiles
		if r.Value != nil {
			rf.value = m.realPath(r.Value.File)
		}
		if r.Within != nil {
			rf.within = m.realPath(r.Within.File)
		}
		rf.primary = m.realPath(r.Primary.File)
		m.files = append(m.files, rf)
	}
	return m
}

// realPath returns p absolute with symlinks resolved (p itself when it
// does not exist). Callers hold m.mu or own m.
func (m *Matcher) realPath(p string) string {
	if r, ok := m.real[p]; ok {
		return r
	}
	r, err := filepath.Abs(p)
	if err != nil {
		r = p
	}
	if e, err := filepath.EvalSymlinks(r); err == nil {
		r = e
	}
	m.real[p] = r
	return r
}

// Keep is a rewrite.KeepFunc: a finding is kept when its transform owns
// the reported type and it sits on the reported value (same file, a line
// of the value's span). A value rustc names only by the async fn body that
// holds it (a future of another crate of the workspace) is matched by the
// lines of that body; values rustc does not locate at all (a captured Rc
// in a thread::spawn closure, a value in an async block of another crate)
// are matched by the file of the closure or block.
func (m *Matcher) Keep(disk string, f rewrite.Finding) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	abs := m.realPath(disk)
	keep := false
	for i, r := range m.reports {
		rf := m.files[i]
		if !owns(r, f.Transform) {
			continue
		}
		var hit bool
		switch {
		case typeLevel[f.Transform]:
			// The fix changes declarations, wherever they are; its
			// finding sits where a value reaches the spawn.
			hit = abs == rf.primary || abs == rf.value || abs == rf.within
		case r.Value != nil && !r.Captured:
			hit = rf.value == abs && f.Line >= r.Value.Line && f.Line <= r.Value.EndLine
		case r.Value == nil && r.Within != nil && r.Within.EndLine > r.Within.Line:
			hit = rf.within == abs && f.Line >= r.Within.Line && f.Line <= r.Within.EndLine
		default:
			file := rf.primary
			if r.Value != nil {
				file = rf.value
			} else if r.Within != nil {
				file = rf.within
			}
			hit = file == abs
		}
		if hit {
			m.matched[i], keep = true, true
		}
	}
	return keep
}

// typeLevel are the passes whose fix changes types across the package
// (one finding per package), not the code around one value.
var typeLevel = map[string]bool{"send-bound": true, "rc-to-arc": true}

func owns(r Report, transform string) bool {
	for _, o := range ReportOwners(r) {
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
	return unmatchedFinding(r, display, "")
}

// unmatchedFinding is UnmatchedFinding with the reason sendfix left it, when
// known ("" lets the type decide).
func unmatchedFinding(r Report, display func(abs string) string, why string) rewrite.Finding {
	at := r.anchor()
	where := ""
	if r.Await != nil {
		where = fmt.Sprintf(" across the .await at line %d", r.Await.Line)
	} else if r.Captured {
		where = " captured by a future or closure that must be Send"
	}
	switch {
	case why != "":
	case len(Owners(r.Type)) > 0:
		why = "sendfix found no fixable pattern here"
	default:
		why = "no sendfix pass fixes this type"
	}
	msg := fmt.Sprintf("%s: `%s` is not Send and is held%s: cannot fix automatically (%s): %s", r.Message, r.Type, where, why, Remedy(r.Type))
	return rewrite.Finding{Transform: "rustc", Path: display(at.File), Start: at.Start, End: at.End, Line: at.Line, Col: at.Col, Message: msg}
}
