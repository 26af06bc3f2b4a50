package rewrite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/sergi/go-diff/diffmatchpatch"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// DefaultMaxFileSize is the largest file read unless Config.MaxFileSize says
// otherwise: generated files beyond it are almost never hand-written async code.
const DefaultMaxFileSize = 8 << 20

// maxRounds bounds the fix → re-parse → re-run loop. A later round picks up
// fixes that overlapped an earlier one.
const maxRounds = 4

// Config says what to run over which files.
type Config struct {
	Paths       []string     // files and directories; empty means "."
	Transforms  []*Transform // the passes to run, in order
	Jobs        int          // parallel workers; <= 0 means the number of CPUs
	Exclude     []string     // glob patterns matched against repository-relative paths
	Edition     string       // overrides the edition read from Cargo.toml
	MaxFileSize int64        // <= 0 means DefaultMaxFileSize
	All         bool         // include futures that need not be Send
}

// FileResult is what the engine made of one file.
type FileResult struct {
	Path     string      // repository-relative, forward slashes (for diff headers)
	Disk     string      // the path to read and write (symlinks resolved)
	Old, New []byte      // New == nil: nothing changes
	Mode     os.FileMode // of the file as read
	Findings []Finding
	Err      error // the file could not be processed; Findings may still hold notes
}

// Changed reports whether the engine has new text for the file.
func (r *FileResult) Changed() bool { return r.New != nil && !bytes.Equal(r.Old, r.New) }

// Run processes every file the configuration names and calls emit for each
// file that has findings, changes or an error, in path order. emit is called
// from a single goroutine. An error from emit stops the run.
func Run(ctx context.Context, cfg Config, emit func(*FileResult) error) error {
	files, err := Discover(cfg.Paths, cfg.Exclude)
	if err != nil {
		return err
	}
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	editions := newEditionCache(cfg.Edition)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type slot struct {
		res  *FileResult
		done chan struct{}
	}
	slots := make([]slot, len(files))
	for i := range slots {
		slots[i].done = make(chan struct{})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				slots[i].res = processFile(files[i], cfg, editions)
				close(slots[i].done)
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range files {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var emitErr error
	for i := range slots {
		select {
		case <-slots[i].done:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			emitErr = ctx.Err()
			break
		}
		r := slots[i].res
		slots[i].res = nil // let the file's bytes go as soon as they are emitted
		if r == nil || (r.Err == nil && len(r.Findings) == 0 && !r.Changed()) {
			continue
		}
		if err := emit(r); err != nil {
			emitErr = err
			break
		}
	}
	cancel()
	wg.Wait()
	return emitErr
}

// processFile reads, checks and rewrites one file. It never panics out: a
// transform bug becomes the file's error, not a crashed run.
func processFile(sf SourceFile, cfg Config, editions *editionCache) (res *FileResult) {
	res = &FileResult{Path: sf.Rel, Disk: sf.Disk}
	defer func() {
		if p := recover(); p != nil {
			res.New = nil
			res.Err = fmt.Errorf("%s: internal error (please report): %v", sf.Rel, p)
		}
	}()
	limit := cfg.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	info, err := os.Stat(sf.Disk)
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", sf.Rel, unwrapPathError(err))
		return res
	}
	if !info.Mode().IsRegular() {
		res.Err = fmt.Errorf("%s: not a regular file", sf.Rel)
		return res
	}
	if info.Size() > limit {
		res.Err = fmt.Errorf("%s: file is %d bytes, over the %d-byte limit (raise it with --max-file-size)", sf.Rel, info.Size(), limit)
		return res
	}
	src, err := os.ReadFile(sf.Disk)
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", sf.Rel, unwrapPathError(err))
		return res
	}
	res.Old, res.Mode = src, info.Mode()
	if !utf8.Valid(src) {
		res.Err = fmt.Errorf("%s: not valid UTF-8 (at byte %d); Rust source must be UTF-8", sf.Rel, firstInvalidUTF8(src))
		return res
	}
	passes := make([]*Transform, 0, len(cfg.Transforms))
	for _, t := range cfg.Transforms {
		if t.Prefilter == nil || t.Prefilter(src) {
			passes = append(passes, t)
		}
	}
	if len(passes) == 0 {
		return res
	}
	edition := editions.forFile(sf.Disk)
	newSrc, findings, note := fixLoop(sf.Rel, src, edition, cfg.All, passes)
	res.Findings = findings
	if note != nil {
		res.Err = note
	}
	if !bytes.Equal(newSrc, src) {
		res.New = newSrc
	}
	return res
}

// fixLoop runs the passes, applies their fixes, re-parses and repeats until
// nothing new is fixed. Findings are returned in the original file's
// coordinates. note reports syntax errors in the input (the file is still
// processed, but no edit may touch an ERROR or MISSING node).
func fixLoop(path string, src []byte, edition string, all bool, passes []*Transform) ([]byte, []Finding, error) {
	var (
		cur      = src
		history  [][]appliedEdit // the edits applied in each round, in that round's coordinates
		byKey    = map[findingKey]int{}
		findings []Finding
		note     error
	)
	for round := 0; round < maxRounds; round++ {
		f, err := NewFile(path, cur, edition)
		if err != nil {
			return src, findings, err
		}
		f.All = all
		badRanges := syntaxErrors(f.Tree, cur)
		if round == 0 && len(badRanges) > 0 {
			line, col := lineCol(cur, badRanges[0][0])
			note = fmt.Errorf("%s:%d:%d: syntax error (tree-sitter could not parse this); no edit will touch it", path, line, col)
		}
		var got []Finding
		for _, p := range passes {
			for _, fd := range p.Run(f) {
				fd.Transform = p.Name
				got = append(got, fd)
			}
		}
		f.Close()
		sortFindings(got)
		accepted, rejected := mergeFixes(got, badRanges)
		next := cur
		if len(accepted) > 0 {
			var bad map[int]string
			next, bad = applyChecked(path, cur, edition, got, accepted, len(badRanges))
			for i, why := range bad {
				rejected[i] = why
			}
		}
		for i := range got {
			fd := &got[i]
			if why, ok := rejected[i]; ok && why != overlapRetry {
				fd.Message += " (automatic fix withdrawn: " + why + ")"
				fd.Fix = nil
			}
			if fd.Fix != nil {
				_, fd.Applied = accepted[i]
				if _, bad := rejected[i]; bad {
					fd.Applied = false
				}
			}
			fd.Start = mapBack(fd.Start, history)
			fd.End = mapBack(fd.End, history)
			if strings.Contains(fd.Message, "{ref}") {
				line, _ := lineCol(src, mapBack(fd.Ref, history))
				fd.Message = strings.ReplaceAll(fd.Message, "{ref}", strconv.Itoa(line))
			}
			fd.Path = path
			fd.Line, fd.Col = lineCol(src, fd.Start)
			k := findingKey{fd.Transform, fd.Start}
			if j, seen := byKey[k]; seen {
				// A later round replaces a finding only to settle a fix
				// that overlapped another and was retried.
				if old := findings[j]; old.Fix != nil && !old.Applied {
					findings[j] = *fd
				}
			} else {
				byKey[k] = len(findings)
				findings = append(findings, *fd)
			}
		}
		if bytes.Equal(next, cur) {
			break
		}
		var applied []appliedEdit
		for i := range got {
			if got[i].Applied {
				for _, e := range got[i].Fix.Edits {
					applied = append(applied, appliedEdit{e, string(cur[e.Start:e.End])})
				}
			}
		}
		sort.Slice(applied, func(a, b int) bool { return applied[a].Start < applied[b].Start })
		history = append(history, applied)
		cur = next
	}
	sortFindings(findings)
	return cur, findings, note
}

type findingKey struct {
	transform string
	start     int
}

const overlapRetry = "overlaps another fix"

// mergeFixes picks the fixes to apply together: in order, each fix whose
// edits overlap no accepted edit and no syntax error. Overlapping fixes are
// retried in the next round, on the new text.
func mergeFixes(fs []Finding, badRanges [][2]int) (accepted map[int]bool, rejected map[int]string) {
	accepted, rejected = map[int]bool{}, map[int]string{}
	var taken []Edit
	for i, fd := range fs {
		if fd.Fix == nil || len(fd.Fix.Edits) == 0 {
			continue
		}
		ok := true
		for _, e := range fd.Fix.Edits {
			for _, b := range badRanges {
				if e.Start <= b[1] && b[0] <= e.End {
					rejected[i] = "it would touch code that does not parse"
					ok = false
				}
			}
			for _, t := range taken {
				if overlaps(e, t) {
					if _, r := rejected[i]; !r {
						rejected[i] = overlapRetry
					}
					ok = false
				}
			}
		}
		if ok && !editsOverlapEachOther(fd.Fix.Edits) {
			accepted[i] = true
			taken = append(taken, fd.Fix.Edits...)
		} else if ok {
			rejected[i] = "its edits overlap each other"
		}
	}
	return accepted, rejected
}

// overlaps treats two insertions at one offset as overlapping: their order
// would be arbitrary.
func overlaps(a, b Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	if a.Start == a.End {
		return b.Start < a.Start && a.Start < b.End
	}
	if b.Start == b.End {
		return a.Start < b.Start && b.Start < a.End
	}
	return a.Start < b.End && b.Start < a.End
}

func editsOverlapEachOther(es []Edit) bool {
	for i := range es {
		for j := i + 1; j < len(es); j++ {
			if overlaps(es[i], es[j]) {
				return true
			}
		}
	}
	return false
}

// applyChecked applies the accepted fixes and re-parses the result. If the
// result has more syntax errors than the input, each fix is tried alone and
// the ones that break the parse are withdrawn.
func applyChecked(path string, src []byte, edition string, fs []Finding, accepted map[int]bool, errCount int) ([]byte, map[int]string) {
	bad := map[int]string{}
	apply := func(which map[int]bool) []byte {
		var es []Edit
		for i := range which {
			es = append(es, fs[i].Fix.Edits...)
		}
		return ApplyEdits(src, es)
	}
	out := apply(accepted)
	if parsesNoWorse(out, errCount) {
		return out, nil
	}
	keep := map[int]bool{}
	for i := range accepted {
		if parsesNoWorse(apply(map[int]bool{i: true}), errCount) {
			keep[i] = true
		} else {
			bad[i] = "the result would not parse"
		}
	}
	out = apply(keep)
	if !parsesNoWorse(out, errCount) {
		for i := range keep {
			bad[i] = "the combined result would not parse"
		}
		return src, bad
	}
	return out, bad
}

func parsesNoWorse(src []byte, errCount int) bool {
	tree := Parse(src)
	defer tree.Close()
	return len(syntaxErrors(tree, src)) <= errCount && (errCount > 0 || !tree.RootNode().HasError())
}

// ApplyEdits returns src with the (non-overlapping) edits applied.
func ApplyEdits(src []byte, edits []Edit) []byte {
	es := append([]Edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].Start < es[j].Start })
	var b bytes.Buffer
	b.Grow(len(src))
	at := 0
	for _, e := range es {
		b.Write(src[at:e.Start])
		b.WriteString(e.New)
		at = e.End
	}
	b.Write(src[at:])
	return b.Bytes()
}

// appliedEdit is an edit with the text it replaced, so that offsets in its
// new text can be mapped back precisely.
type appliedEdit struct {
	Edit
	Old string
}

// mapBack maps an offset in the text after all rounds of history back to
// the original text.
func mapBack(pos int, history [][]appliedEdit) int {
	for r := len(history) - 1; r >= 0; r-- {
		pos = mapBackOne(pos, history[r])
	}
	return pos
}

// mapBackOne maps pos across one round's sorted edits. Inside an edit's new
// text, a character diff against the text it replaced finds the same place
// (a wrapped block moves its statements, it does not rewrite them).
func mapBackOne(pos int, sorted []appliedEdit) int {
	delta := 0 // new offset minus old offset, before the current edit
	for _, e := range sorted {
		newStart := e.Start + delta
		if pos < newStart {
			break
		}
		if pos < newStart+len(e.New) {
			dmp := diffmatchpatch.New()
			dmp.DiffTimeout = 0
			diffs := dmp.DiffMain(e.New, e.Old, false)
			return e.Start + byteIndex(diffs, pos-newStart)
		}
		delta += len(e.New) - (e.End - e.Start)
	}
	return pos - delta
}

// byteIndex is diffmatchpatch's DiffXIndex in bytes: the offset in text2
// matching loc in text1.
func byteIndex(diffs []diffmatchpatch.Diff, loc int) int {
	chars1, chars2 := 0, 0
	last1, last2 := 0, 0
	var lastDiff *diffmatchpatch.Diff
	for i := range diffs {
		d := diffs[i]
		if d.Type != diffmatchpatch.DiffInsert {
			chars1 += len(d.Text)
		}
		if d.Type != diffmatchpatch.DiffDelete {
			chars2 += len(d.Text)
		}
		if chars1 > loc {
			lastDiff = &diffs[i]
			break
		}
		last1, last2 = chars1, chars2
	}
	if lastDiff != nil && lastDiff.Type == diffmatchpatch.DiffDelete {
		return last2
	}
	return last2 + (loc - last1)
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.Transform != b.Transform {
			return a.Transform < b.Transform
		}
		return a.Message < b.Message
	})
}

// lineCol returns the 1-based line and column (in bytes) of offset.
func lineCol(src []byte, offset int) (int, int) {
	if offset > len(src) {
		offset = len(src)
	}
	line := 1 + bytes.Count(src[:offset], []byte{'\n'})
	col := offset - (bytes.LastIndexByte(src[:offset], '\n') + 1) + 1
	return line, col
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// unwrapPathError drops the path from an *os.PathError: callers prefix the
// repository-relative path themselves.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// FixSource runs the passes over one in-memory file, as Run does for each
// file on disk: it returns the fixed text and the findings (in src's
// coordinates). err reports syntax errors in src; the text is still fixed
// where no edit touches them.
func FixSource(path string, src []byte, edition string, all bool, passes []*Transform) ([]byte, []Finding, error) {
	return fixLoop(path, src, edition, all, passes)
}
