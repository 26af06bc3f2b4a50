package rewrite

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// unit is one file of a package as the fix loop sees it.
type unit struct {
	path     string
	disk     string // the file on disk, "" for in-memory runs
	edition  string
	rust     bool // false for Cargo.toml: edited, never parsed as Rust
	src, cur []byte
	history  [][]appliedEdit // the edits applied in each round, in that round's coordinates
	byKey    map[findingKey]int
	findings []Finding
	note     error // syntax errors in the input
	bad      [][2]int
	pkg      map[string]*unit // every unit of the package, by path

	// analysis is the run's extension of the Send analysis, or nil.
	analysis *Analysis
	strategy string // Config.Strategy
	lazy     bool   // leave it unparsed when no pass's prefilter accepts it

	// parsedIn is the last round that parsed the unit (-1: none), and
	// reportedIn the last round that reported each finding: a manual
	// finding the last parse no longer reports was answered by another
	// fix (a mutex switched to tokio's) and is dropped.
	parsedIn   int
	reportedIn map[findingKey]int
}

type findingKey struct {
	transform string
	start     int
}

const overlapRetry = "overlaps another fix"

// candidate is one finding of a round, with the unit it belongs to.
type candidate struct {
	u  *unit
	fd Finding
}

// fixUnits runs the passes over a package's files, applies their fixes,
// re-parses and repeats until nothing new is fixed. A fix may edit several
// files (Edit.Path): it is applied whole or not at all. Findings end up on
// their unit, in its original coordinates.
func fixUnits(units []*unit, manifest *unit, all bool, passes []*Transform, keep KeepFunc) {
	byPath := map[string]*unit{}
	every := append([]*unit(nil), units...)
	if manifest != nil {
		every = append(every, manifest)
	}
	for _, u := range every {
		u.cur = u.src
		u.byKey = map[findingKey]int{}
		u.parsedIn, u.reportedIn = -1, map[findingKey]int{}
		u.pkg = byPath
		byPath[u.path] = u
	}
	enabled := map[string]bool{}
	for _, p := range passes {
		enabled[p.Name] = true
	}
	allPasses := passes
	for round := 0; round < maxRounds; round++ {
		passes := gated(allPasses, units)
		memo := map[string]any{}
		var cands []candidate
		files := make([]*File, 0, len(units))
		fileUnit := map[*File]*unit{}
		var unparsed []*File // peers only (see File.Peers)
		for _, u := range units {
			if u.lazy && !wantedBy(passes, u.cur) {
				if u.rust {
					unparsed = append(unparsed, &File{Path: u.path, Src: u.cur, Edition: u.edition, textOnly: true})
				}
				continue // no pass can use it: not parsed (see Transform.Prefilter)
			}
			f, err := NewFile(u.path, u.cur, u.edition)
			if err != nil {
				u.note = err
				continue
			}
			f.All = all
			f.passes = enabled
			f.Strategy = u.strategy
			f.Analysis = u.analysis
			u.parsedIn = round
			u.bad = syntaxErrors(f.Tree, u.cur)
			f.releaseTree() // the passes read the Go mirror (see File.TakeFlat)
			if round == 0 && len(u.bad) > 0 {
				line, col := lineCol(u.cur, u.bad[0][0])
				u.note = fmt.Errorf("%s:%d:%d: syntax error (tree-sitter could not parse this); no edit will touch it", u.path, line, col)
			}
			files = append(files, f)
			fileUnit[f] = u
		}
		if len(units) > 1 {
			peers := append(append([]*File(nil), files...), unparsed...)
			for _, f := range files {
				f.Peers = peers
			}
		}
		for _, p := range passes {
			if p.Run != nil {
				for _, f := range files {
					if p.Prefilter != nil && !p.Prefilter(f.Src) {
						continue
					}
					for _, fd := range p.Run(f) {
						fd.Transform = p.Name
						cands = append(cands, candidate{fileUnit[f], fd})
					}
				}
			}
			if pf := filesFor(p, files); len(pf) > 0 && p.RunPackage != nil {
				pkg := &Package{Files: pf, All: all, Analysis: analysisFor(units), Strategy: strategyFor(units), memo: memo}
				if manifest != nil {
					pkg.Manifest = &Manifest{Path: manifest.path, Src: manifest.cur}
				}
				for _, fd := range p.RunPackage(pkg) {
					fd.Transform = p.Name
					u := byPath[fd.Path]
					if u == nil {
						continue // a pass bug: a finding for a file not in the package
					}
					cands = append(cands, candidate{u, fd})
				}
			}
		}
		for _, f := range files {
			f.Close()
		}
		cands = filterCandidates(cands) // sendfix:ignore comments (suppress.go)
		if keep != nil {
			kept := cands[:0]
			for _, c := range cands {
				orig := c.fd
				orig.Path = c.u.path
				orig.Start = mapBack(orig.Start, c.u.history)
				orig.End = mapBack(orig.End, c.u.history)
				orig.Line, orig.Col = lineCol(c.u.src, orig.Start)
				if keep(c.u.disk, orig) {
					kept = append(kept, c)
				}
			}
			cands = kept
		}
		for i := range cands {
			normalizeLineEndings(&cands[i])
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].u.path != cands[j].u.path {
				return cands[i].u.path < cands[j].u.path
			}
			return lessFinding(cands[i].fd, cands[j].fd)
		})
		accepted, rejected := mergeCandidates(cands)
		next := applyCandidates(every, cands, accepted, rejected)
		changed := false
		for i := range cands {
			c := &cands[i]
			fd := &c.fd
			if why, ok := rejected[i]; ok && why != overlapRetry {
				fd.Message += " (automatic fix withdrawn: " + why + ")"
				fd.Fix = nil
			}
			if fd.Fix != nil {
				fd.Applied = accepted[i] && rejected[i] == ""
			}
			c.u.record(*fd, round)
		}
		for _, u := range every {
			n, ok := next[u]
			if !ok || bytes.Equal(n, u.cur) {
				continue
			}
			var applied []appliedEdit
			for i := range cands {
				if !cands[i].fd.Applied {
					continue
				}
				for _, e := range cands[i].fd.Fix.Edits {
					if target(cands[i], e) == u {
						applied = append(applied, appliedEdit{e, string(u.cur[e.Start:e.End])})
					}
				}
			}
			sort.Slice(applied, func(a, b int) bool { return applied[a].Start < applied[b].Start })
			u.history = append(u.history, applied)
			u.cur = n
			changed = true
		}
		if !changed {
			break
		}
	}
	for _, u := range every {
		u.findings = dropSuperseded(dropAnswered(u))
		sortFindings(u.findings)
	}
}

// dropAnswered removes the manual findings of earlier rounds that the last
// parse of the unit no longer reports: another fix answered them (scope-
// guard could not scope a guard of a mutex that async-mutex then switched
// to tokio's). Findings with a fix, and notes on units not parsed since,
// stay.
func dropAnswered(u *unit) []Finding {
	if u.parsedIn < 0 {
		return u.findings
	}
	out := u.findings[:0]
	for _, fd := range u.findings {
		if fd.Fix == nil && u.reportedIn[findingKey{fd.Transform, fd.Start}] < u.parsedIn {
			continue
		}
		out = append(out, fd)
	}
	return out
}

// supersededBy names, for a pass, the pass whose fix answers what it can
// only report: a lock guard scoping cannot end before the await is what
// async-mutex switches to tokio::sync (or explains why it cannot).
var supersededBy = map[string]string{"scope-guard": "async-mutex"}

// dropSuperseded removes a manual finding when the pass that supersedes
// its pass has a finding on the same line: one problem, one report.
func dropSuperseded(fds []Finding) []Finding {
	answered := map[[2]any]bool{}
	for _, f := range fds {
		answered[[2]any{f.Transform, f.Line}] = true
	}
	out := fds[:0]
	for _, f := range fds {
		if by, ok := supersededBy[f.Transform]; ok && f.Fix == nil && answered[[2]any{by, f.Line}] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// KeepFunc decides which findings a run keeps, from the file on disk and
// the finding as it would be reported (Path, Start, End, Line and Col in
// the original text).
// A finding it drops is not reported and its fix is not applied: the
// compiler-guided mode fixes exactly what rustc reported.
type KeepFunc func(disk string, f Finding) bool

// target returns the unit an edit of candidate c applies to.
func target(c candidate, e Edit) *unit {
	if e.Path == "" || e.Path == c.u.path {
		return c.u
	}
	return c.u.pkg[e.Path]
}

// record maps a finding of the current round back to the original text and
// keeps it, unless an earlier round already reported it. A later round
// replaces a finding only to settle a fix that overlapped another.
func (u *unit) record(fd Finding, round int) {
	if fd.Fix != nil && len(fd.Fix.Edits) > 0 {
		fd.Fix = u.fixInOriginal(fd.Fix)
	}
	fd.Start = mapBack(fd.Start, u.history)
	fd.End = mapBack(fd.End, u.history)
	if strings.Contains(fd.Message, "{ref}") {
		line, _ := lineCol(u.src, mapBack(fd.Ref, u.history))
		fd.Message = strings.ReplaceAll(fd.Message, "{ref}", strconv.Itoa(line))
	}
	fd.Path = u.path
	fd.Line, fd.Col = lineCol(u.src, fd.Start)
	k := findingKey{fd.Transform, fd.Start}
	u.reportedIn[k] = round
	if j, seen := u.byKey[k]; seen {
		if old := u.findings[j]; old.Fix != nil && !old.Applied {
			u.findings[j] = fd
		}
		return
	}
	u.byKey[k] = len(u.findings)
	u.findings = append(u.findings, fd)
}

// mergeCandidates picks the fixes to apply together: in order, each fix
// whose edits overlap no accepted edit and no syntax error, in any file.
// Overlapping fixes are retried in the next round, on the new text.
func mergeCandidates(cands []candidate) (accepted map[int]bool, rejected map[int]string) {
	accepted, rejected = map[int]bool{}, map[int]string{}
	taken := map[*unit][]Edit{}
	for i, c := range cands {
		if c.fd.Fix == nil || len(c.fd.Fix.Edits) == 0 {
			continue
		}
		ok := true
		mine := map[*unit][]Edit{}
		for _, e := range c.fd.Fix.Edits {
			u := target(c, e)
			if u == nil || e.Start < 0 || e.End < e.Start || e.End > len(u.cur) {
				rejected[i] = "it edits outside the package's files"
				ok = false
				break
			}
			for _, b := range u.bad {
				if e.Start <= b[1] && b[0] <= e.End {
					rejected[i] = "it would touch code that does not parse"
					ok = false
				}
			}
			for _, t := range taken[u] {
				if overlaps(e, t) {
					if _, r := rejected[i]; !r {
						rejected[i] = overlapRetry
					}
					ok = false
				}
			}
			for _, t := range mine[u] {
				if overlaps(e, t) && ok {
					rejected[i] = "its edits overlap each other"
					ok = false
				}
			}
			mine[u] = append(mine[u], e)
		}
		if ok {
			accepted[i] = true
			for u, es := range mine {
				taken[u] = append(taken[u], es...)
			}
		}
	}
	return accepted, rejected
}

// applyCandidates applies the accepted fixes to every unit and re-parses
// the Rust files. A fix that makes any of its files parse worse than
// before is withdrawn (in all its files), and the rest applied again.
func applyCandidates(every []*unit, cands []candidate, accepted map[int]bool, rejected map[int]string) map[*unit][]byte {
	apply := func(keep func(int) bool) map[*unit][]byte {
		edits := map[*unit][]Edit{}
		for i, c := range cands {
			if !accepted[i] || rejected[i] != "" || !keep(i) {
				continue
			}
			for _, e := range c.fd.Fix.Edits {
				u := target(c, e)
				edits[u] = append(edits[u], e)
			}
		}
		out := map[*unit][]byte{}
		for u, es := range edits {
			out[u] = ApplyEdits(u.cur, es)
		}
		return out
	}
	broken := func(out map[*unit][]byte) map[*unit]bool {
		bad := map[*unit]bool{}
		for u, text := range out {
			if u.rust && !parsesNoWorse(text, len(u.bad)) {
				bad[u] = true
			}
		}
		return bad
	}
	out := apply(func(int) bool { return true })
	bad := broken(out)
	if len(bad) == 0 {
		return out
	}
	// Try each fix touching a broken file alone; withdraw the culprits.
	for i, c := range cands {
		if !accepted[i] || rejected[i] != "" {
			continue
		}
		touches := false
		for _, e := range c.fd.Fix.Edits {
			if bad[target(c, e)] {
				touches = true
			}
		}
		if !touches {
			continue
		}
		if len(broken(apply(func(j int) bool { return j == i }))) > 0 {
			rejected[i] = "the result would not parse"
		}
	}
	out = apply(func(int) bool { return true })
	if bad := broken(out); len(bad) > 0 {
		for i, c := range cands {
			for _, e := range c.fd.Fix.Edits {
				if accepted[i] && rejected[i] == "" && bad[target(c, e)] {
					rejected[i] = "the combined result would not parse"
				}
			}
		}
		out = apply(func(int) bool { return true })
	}
	return out
}

func lessFinding(a, b Finding) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if a.Transform != b.Transform {
		return a.Transform < b.Transform
	}
	return a.Message < b.Message
}

// normalizeLineEndings makes inserted text use the line endings of the
// file it goes into: passes write "\n", a CRLF file gets "\r\n".
func normalizeLineEndings(c *candidate) {
	if c.fd.Fix == nil {
		return
	}
	edits := append([]Edit(nil), c.fd.Fix.Edits...)
	changed := false
	for i, e := range edits {
		u := target(*c, e)
		if u == nil || !u.crlf() || !strings.Contains(e.New, "\n") {
			continue
		}
		var b strings.Builder
		for k := 0; k < len(e.New); k++ {
			if e.New[k] == '\n' && (k == 0 || e.New[k-1] != '\r') {
				b.WriteByte('\r')
			}
			b.WriteByte(e.New[k])
		}
		edits[i].New = b.String()
		changed = true
	}
	if changed {
		fix := *c.fd.Fix
		fix.Edits = edits
		c.fd.Fix = &fix
	}
}

// crlf reports whether most of the file's lines end in CRLF.
func (u *unit) crlf() bool {
	n := bytes.Count(u.src, []byte("\n"))
	return n > 0 && 2*bytes.Count(u.src, []byte("\r\n")) > n
}

// strategyFor returns the run's --strategy for a package's units.
func strategyFor(units []*unit) string {
	for _, u := range units {
		if u.strategy != "" {
			return u.strategy
		}
	}
	return ""
}

// fixInOriginal returns fix with its edits in the coordinates of the
// original files (what JSON and SARIF promise), for a fix found in a later
// round on text earlier fixes changed. An edit that touches an earlier
// round's replacement grows to cover it, carrying that replacement's text:
// applied alone to the original file, it gives what the rounds gave.
func (u *unit) fixInOriginal(fix *Fix) *Fix {
	out := *fix
	out.Edits = make([]Edit, len(fix.Edits))
	for i, e := range fix.Edits {
		t := u
		if e.Path != "" && e.Path != u.path {
			t = u.pkg[e.Path]
		}
		if t == nil || len(t.history) == 0 {
			out.Edits[i] = e
			continue
		}
		out.Edits[i] = editInOriginal(e, t.cur, t.history)
	}
	return &out
}

// editInOriginal maps e, an edit of text (the text after every round of
// history), back through the rounds.
func editInOriginal(e Edit, text []byte, history [][]appliedEdit) Edit {
	for r := len(history) - 1; r >= 0; r-- {
		round := history[r]
		// Each applied edit's place in the text after the round.
		type span struct{ start, end, delta int } // delta: shift of what follows
		spans := make([]span, len(round))
		shift := 0
		for j, a := range round {
			s := a.Start + shift
			spans[j] = span{s, s + len(a.New), len(a.New) - (a.End - a.Start)}
			shift += spans[j].delta
		}
		start, end := e.Start, e.End
		for _, sp := range spans {
			inside := func(p int) bool { return sp.start < p && p < sp.end }
			if inside(start) || inside(end) || (start <= sp.start && sp.end <= end && sp.start < sp.end && start < end) {
				start, end = min(start, sp.start), max(end, sp.end)
			}
		}
		if start != e.Start || end != e.End {
			e.New = string(text[start:e.Start]) + e.New + string(text[e.End:end])
		}
		back := func(p int) int { // p is outside every span, or on a border
			d := 0
			for _, sp := range spans {
				if sp.end <= p {
					d += sp.delta
				}
			}
			return p - d
		}
		e.Start, e.End = back(start), back(end)
		// The text before the round.
		var prev []byte
		at := 0
		for j, a := range round {
			prev = append(prev, text[at:spans[j].start]...)
			prev = append(prev, a.Old...)
			at = spans[j].end
		}
		text = append(prev, text[at:]...)
	}
	return e
}
