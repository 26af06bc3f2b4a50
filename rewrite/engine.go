package rewrite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/sergi/go-diff/diffmatchpatch"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
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
	Keep        KeepFunc     // when set, only the findings it keeps are reported and fixed
	// Strategy for guards held across an await: "" or "auto" (scope when
	// the guard is not used after it, else switch to an async mutex),
	// "scope" (never switch), "async-mutex" (switch even when scoping would do).
	Strategy string
	Analysis *Analysis // per-run extensions of the Send analysis (sendfix.toml); nil: none
	NoCache  bool      // do not use the result cache (cache.go)
	CacheDir string    // the result cache's directory; "" means os.UserCacheDir()/sendfix

	cache *resultCache // set by Run
	stats *statIndex   // set by Run
}

// FileResult is what the engine made of one file.
type FileResult struct {
	Path     string      // repository-relative, forward slashes (for diff headers)
	Disk     string      // the path to read and write (symlinks resolved)
	Old, New []byte      // New == nil: nothing changes
	Mode     os.FileMode // of the file as read
	Findings []Finding
	Err      error // the file could not be processed; Findings may still hold notes

	stamp fileStamp // the file as read, for the stat index; Disk "" if unknown
}

// Changed reports whether the engine has new text for the file.
func (r *FileResult) Changed() bool { return r.New != nil && !bytes.Equal(r.Old, r.New) }

// Run processes every file the configuration names and calls emit for each
// file that has findings, changes or an error, in path order. emit is called
// from a single goroutine. An error from emit stops the run.
//
// Files are processed in parallel. When a transform works on whole
// packages, the files of one Cargo package form one unit of work.
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
	groups := groupFiles(files, cfg.Transforms)
	progress, done := progressOf(ctx), 0 // progress.go
	progress(0, len(files))
	cfg.cache = openResultCache(cfg)
	defer cfg.cache.close()
	stats := cfg.cache.openStatIndex(cfg.Paths, cfg.Exclude)
	cfg.stats = stats

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type slot struct {
		res  []*FileResult
		done chan struct{}
	}
	slots := make([]slot, len(groups))
	for i := range slots {
		slots[i].done = make(chan struct{})
	}
	// At most this many groups are loaded ahead of the emitter: a slow
	// group must not let the workers fill memory with the files after it.
	sched := newScheduler(ctx, groups, 64*jobs,
		func(i int) *loadedGroup { return loadGroup(groups[i], cfg, editions) },
		func(i int, lg *loadedGroup) {
			slots[i].res = reportable(lg.run(cfg))
			if len(slots[i].res) == 0 {
				stats.record(groups[i], lg)
			}
			close(slots[i].done)
		})
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sched.work()
		}()
	}
	var emitErr error
emitting:
	for i := range slots {
		select {
		case <-slots[i].done:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			emitErr = ctx.Err()
			break
		}
		rs := slots[i].res
		slots[i].res = nil // let the files' bytes go as soon as they are emitted
		sched.emittedUpTo(i + 1)
		for _, r := range rs {
			if err := emit(r); err != nil {
				emitErr = err
				break emitting
			}
		}
		done += len(groups[i].files)
		progress(done, len(files))
	}
	cancel()
	sched.stop()
	wg.Wait()
	if emitErr == nil {
		stats.save()
	}
	return emitErr
}

// reportable returns the results Run emits: those with findings, changes or
// an error. The others are dropped as soon as their group is done, rather
// than held with their text until the groups before them are emitted.
func reportable(rs []*FileResult) []*FileResult {
	out := rs[:0]
	for _, r := range rs {
		if r.Err != nil || len(r.Findings) > 0 || r.Changed() {
			out = append(out, r)
		}
	}
	return out
}

// group is a unit of work: one file, or the files of one Cargo package.
type group struct {
	files    []SourceFile
	manifest string // the package's Cargo.toml on disk, or ""
	rel      string // its display path
}

// groupFiles makes one group per file, unless a transform needs whole
// packages: then one group per Cargo package (nearest Cargo.toml with a
// [package] section), and one per file outside any package.
func groupFiles(files []SourceFile, passes []*Transform) []group {
	packaged := false
	for _, t := range passes {
		if t.RunPackage != nil {
			packaged = true
		}
	}
	var out []group
	if !packaged {
		for _, f := range files {
			out = append(out, group{files: []SourceFile{f}})
		}
		return out
	}
	byManifest := map[string]int{}
	dirManifest := map[string]string{}
	var find func(dir string) string
	find = func(dir string) string {
		if m, ok := dirManifest[dir]; ok {
			return m
		}
		m := ""
		cand := filepath.Join(dir, "Cargo.toml")
		if mf, ok := readManifest(cand); ok && mf.isPackage {
			m = cand
		} else if parent := filepath.Dir(dir); parent != dir {
			m = find(parent)
		}
		dirManifest[dir] = m
		return m
	}
	for _, f := range files {
		m := ""
		if f.Err == nil {
			m = find(filepath.Dir(f.Disk))
		}
		if m == "" {
			out = append(out, group{files: []SourceFile{f}})
			continue
		}
		i, ok := byManifest[m]
		if !ok {
			i = len(out)
			byManifest[m] = i
			rel := path.Join(path.Dir(f.Rel), filepath.ToSlash(mustRel(filepath.Dir(f.Disk), m)))
			out = append(out, group{manifest: m, rel: path.Clean(rel)})
		}
		out[i].files = append(out[i].files, f)
	}
	return out
}

func mustRel(from, to string) string {
	rel, err := filepath.Rel(from, to)
	if err != nil {
		return to
	}
	return rel
}

// loadedGroup is a group read from disk, its cache entry looked up.
type loadedGroup struct {
	results        []*FileResult
	units          []*unit
	unitResult     map[*unit]*FileResult
	manifest       *unit
	manifestResult *FileResult
	passes         []*Transform
	key            string
	todo           bool // the passes must run: the cache had no result
	cached         bool // the cache had the result
	// cost is the source bytes the passes will parse (see parseBudget);
	// bytes, all the source bytes read.
	cost, bytes int
	// stamps are the files' stamps for the stat index, one per file of
	// the group; nil when some file has none.
	stamps []fileStamp
}

// loadGroup reads and checks the files of one group and looks its result
// up in the cache.
func loadGroup(g group, cfg Config, editions *editionCache) *loadedGroup {
	if cfg.stats.unchanged(g, editions) {
		return &loadedGroup{} // nothing to report, as last time
	}
	lg := &loadedGroup{unitResult: map[*unit]*FileResult{}}
	for _, sf := range g.files {
		if sf.Err != nil {
			lg.results = append(lg.results, &FileResult{Path: sf.Rel, Err: fmt.Errorf("%s: %w", sf.Rel, sf.Err)})
			continue
		}
		r := loadFile(sf, cfg)
		if r == nil {
			continue
		}
		lg.results = append(lg.results, r)
		lg.bytes += len(r.Old)
		if r.Err != nil {
			continue
		}
		u := &unit{path: sf.Rel, disk: sf.Disk, src: r.Old, cur: r.Old, edition: editions.forFile(sf.Disk), rust: true, analysis: cfg.Analysis, strategy: cfg.Strategy, lazy: true}
		if st := r.stamp; st.Disk != "" {
			st.Edition = u.edition
			lg.stamps = append(lg.stamps, st)
		}
		lg.units = append(lg.units, u)
		lg.unitResult[u] = r
	}
	if len(lg.stamps) != len(g.files) {
		lg.stamps = nil // a file was skipped, refused or not stamped
	}
	for _, t := range cfg.Transforms {
		for _, u := range lg.units {
			if t.Prefilter == nil || t.Prefilter(u.src) {
				lg.passes = append(lg.passes, t)
				break
			}
		}
	}
	if len(lg.units) == 0 || len(lg.passes) == 0 {
		return lg
	}
	if g.manifest != "" {
		if src, err := os.ReadFile(g.manifest); err == nil {
			info, _ := os.Stat(g.manifest)
			lg.manifest = &unit{path: g.rel, src: src}
			lg.manifestResult = &FileResult{Path: g.rel, Disk: g.manifest, Old: src, Mode: info.Mode()}
			lg.manifestResult.stamp, _ = stampOfInfo(g.manifest, info)
			lg.unitResult[lg.manifest] = lg.manifestResult
		}
	}
	lg.key, lg.cached = cfg.cache.get(lg.units, lg.manifest)
	lg.todo = !lg.cached
	if lg.todo {
		passes := gated(lg.passes, lg.units)
		for _, u := range lg.units {
			if wantedBy(passes, u.src) {
				lg.cost += len(u.src)
			}
		}
	}
	return lg
}

// trimAfterBytes: after a group that parsed more than this, the freed C
// memory is returned to the system.
const trimAfterBytes = 256 << 10

// run runs the passes over a loaded group (unless the cache answered) and
// returns its results. It never panics out: a transform bug becomes the
// files' error, not a crashed run.
func (lg *loadedGroup) run(cfg Config) (results []*FileResult) {
	results = lg.results
	if lg.todo {
		defer func() {
			if p := recover(); p != nil {
				for _, r := range results {
					r.New = nil
					r.Findings = nil
					r.Err = fmt.Errorf("%s: internal error (please report): %v", r.Path, p)
				}
			}
		}()
		fixUnits(lg.units, lg.manifest, cfg.All, lg.passes, cfg.Keep)
		if lg.cost > trimAfterBytes {
			releaseCMemory()
		}
		cfg.cache.put(lg.key, lg.units, lg.manifest)
	} else if !lg.cached {
		return results // no pass applies
	}
	units := lg.units
	if lg.manifest != nil {
		units = append(units, lg.manifest)
	}
	for _, u := range units {
		r := lg.unitResult[u]
		r.Findings = u.findings
		if u.note != nil {
			r.Err = u.note
		}
		if !bytes.Equal(u.cur, u.src) {
			r.New = u.cur
		}
	}
	if lg.manifestResult != nil && lg.manifestResult.Changed() {
		results = append(results, lg.manifestResult)
	}
	return results
}

// readAll reads f to its end, size being its size when it was opened (a
// file that grows meanwhile is still read whole).
func readAll(f *os.File, size int64) ([]byte, error) {
	buf := make([]byte, 0, size+1) // +1: the read that sees the end needs no growth
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// loadFile reads one file and checks it is text sendfix may process. It
// returns nil for a listed file that is to be skipped (see SourceFile).
func loadFile(sf SourceFile, cfg Config) *FileResult {
	res := &FileResult{Path: sf.Rel, Disk: sf.Disk}
	limit := cfg.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	// One open, one fstat and the reads: a warm run over a large
	// repository is mostly these system calls.
	f, err := openForRead(sf.Disk)
	if err != nil {
		if sf.listed && (errors.Is(err, fs.ErrNotExist) || isSymlinkError(err)) {
			return nil // deleted since it was listed, or a symlink: not followed
		}
		res.Err = fmt.Errorf("%s: %w", sf.Rel, unwrapPathError(err))
		return res
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", sf.Rel, unwrapPathError(err))
		return res
	}
	if !info.Mode().IsRegular() {
		if sf.listed {
			return nil
		}
		res.Err = fmt.Errorf("%s: not a regular file", sf.Rel)
		return res
	}
	if info.Size() > limit {
		res.Err = fmt.Errorf("%s: file is %d bytes, over the %d-byte limit (raise it with --max-file-size)", sf.Rel, info.Size(), limit)
		return res
	}
	src, err := readAll(f, info.Size())
	if err != nil {
		res.Err = fmt.Errorf("%s: %w", sf.Rel, unwrapPathError(err))
		return res
	}
	res.Old, res.Mode = src, info.Mode()
	res.stamp, _ = stampOfInfo(sf.Disk, info)
	if !utf8.Valid(src) {
		res.Err = fmt.Errorf("%s: not valid UTF-8 (at byte %d); Rust source must be UTF-8", sf.Rel, firstInvalidUTF8(src))
	}
	return res
}

// overlaps treats two insertions at one offset, or an insertion where a
// replacement starts, as overlapping: their order would be arbitrary.
func overlaps(a, b Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	if a.Start == a.End {
		return b.Start <= a.Start && a.Start < b.End
	}
	if b.Start == b.End {
		return a.Start <= b.Start && b.Start < a.End
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
			// Clamped: with bytes that are not UTF-8 the diff (by runes)
			// miscounts, and the answer must stay in the replaced range.
			return e.Start + max(0, min(byteIndex(diffs, pos-newStart), e.End-e.Start))
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
	sort.SliceStable(fs, func(i, j int) bool { return lessFinding(fs[i], fs[j]) })
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
	u := &unit{path: path, src: src, edition: edition, rust: true}
	fixUnits([]*unit{u}, nil, all, passes, nil)
	return u.cur, u.findings, u.note
}

// Source is one in-memory file for FixFiles.
type Source struct {
	Path    string
	Src     []byte
	Edition string // Rust files only; "" means 2021
}

// FixFiles runs the passes over the files of one package in memory, as Run
// does for a package on disk. manifest (Cargo.toml) may be nil. It returns
// the new texts (same order as files, then the manifest), the findings and
// the files' syntax-error notes.
func FixFiles(files []Source, manifest *Source, all bool, passes []*Transform) ([]Source, []Finding, []error) {
	var units []*unit
	for _, f := range files {
		units = append(units, &unit{path: f.Path, src: f.Src, edition: f.Edition, rust: true})
	}
	var m *unit
	if manifest != nil {
		m = &unit{path: manifest.Path, src: manifest.Src}
	}
	fixUnits(units, m, all, passes, nil)
	if m != nil {
		units = append(units, m)
	}
	var out []Source
	var fs []Finding
	var errs []error
	for _, u := range units {
		out = append(out, Source{Path: u.path, Src: u.cur, Edition: u.edition})
		fs = append(fs, u.findings...)
		if u.note != nil {
			errs = append(errs, u.note)
		}
	}
	return out, fs, errs
}
