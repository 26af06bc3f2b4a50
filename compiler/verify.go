package compiler

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/sergi/go-diff/diffmatchpatch"

	"sendfix/rewrite"
)

// maxVerifyRounds bounds fix → check rounds: rustc reports some Send
// errors only once earlier ones are fixed.
const maxVerifyRounds = 4

// VerifyOptions configure a verified run.
type VerifyOptions struct {
	Root      string         // workspace root (absolute)
	Config    rewrite.Config // passes and flags; Paths (default: the workspace) and Exclude select the files, as in the user's tree
	Guided    bool           // fix only what rustc reports
	CargoArgs []string       // extra `cargo check` arguments
	CacheDir  string         // scratch copy and target dir live here; "" means the user cache dir
	Display   func(abs string) string
	Log       func(format string, args ...any)
}

// Rejection is a fix backed out because the crate did not compile with it.
type Rejection struct {
	Finding rewrite.Finding
	Error   string // the first new error it caused
}

// VerifyResult is what a verified run settled on.
type VerifyResult struct {
	Files     []*rewrite.FileResult // the files to change, in the user's tree
	Findings  []rewrite.Finding     // what was found and fixed, in the user's files
	Rejected  []Rejection
	Remaining []rewrite.Finding // Send errors rustc still reports, as manual findings
}

// Verify fixes the workspace in a scratch copy, proves each round of fixes
// with `cargo check`, backs out every fix that introduces a new error
// (bisecting by file, then by fix), and repeats while rustc reports Send
// errors that sendfix can fix. The user's tree is not written.
func Verify(ctx context.Context, o VerifyOptions) (*VerifyResult, error) {
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	if o.Display == nil {
		o.Display = func(abs string) string { return abs }
	}
	s, err := newScratch(o)
	if err != nil {
		return nil, err
	}
	defer s.unlock()
	if err := s.selectFiles(o); err != nil {
		return nil, err
	}

	out, err := s.check(ctx)
	if err != nil {
		return nil, err
	}
	baseReports, baseErrs, err := Parse(bytes.NewReader(out))
	if err != nil {
		return nil, err
	}
	baseline := s.newBaseline(baseReports, baseErrs)
	res := &VerifyResult{}
	excluded := map[string]bool{}
	var reports []Report
	for round := 0; round < maxVerifyRounds; round++ {
		reports, _, _ = Parse(bytes.NewReader(out))
		if o.Guided && len(reports) == 0 {
			break
		}
		before := s.snapshot()
		var accepted []found
		for attempt := 0; ; attempt++ {
			fixes, err := s.runEngine(ctx, o, reports, excluded, before)
			if err != nil {
				return nil, err
			}
			if len(fixes.changed) == 0 {
				break
			}
			s.write(fixes.changed)
			out2, err := s.check(ctx)
			if err != nil {
				return nil, err
			}
			_, errs2, _ := Parse(bytes.NewReader(out2))
			if fresh := newErrors(baseline, errs2, s); len(fresh) == 0 {
				accepted = fixes.findings
				out = out2
				break
			}
			s.restore(before)
			culprits, err := s.bisect(ctx, o, reports, excluded, fixes, baseline, before)
			if err != nil {
				return nil, err
			}
			for _, c := range culprits {
				excluded[c.key()] = true
				u := s.toUserMapped(c, before, o)
				res.Rejected = append(res.Rejected, Rejection{Finding: u, Error: c.err})
				o.Log("verify: backed out %s at %s:%d: %s", c.Transform, u.Path, u.Line, c.err)
			}
			if len(culprits) == 0 {
				// No single fix is to blame: they break the build together.
				for _, f := range fixes.findings {
					excluded[f.key()] = true
					res.Rejected = append(res.Rejected, Rejection{Finding: s.toUserMapped(f, before, o), Error: "the fixes of this round do not compile together"})
				}
			}
			s.restore(before)
		}
		if len(accepted) == 0 {
			break
		}
		for _, f := range accepted {
			res.Findings = append(res.Findings, s.toUserMapped(f, before, o))
		}
	}
	finalReports, _, _ := Parse(bytes.NewReader(out))
	final := s.snapshot()
	for _, r := range finalReports {
		u := s.reportToUser(r, final)
		why := ""
		at := u.anchor()
		for _, rj := range res.Rejected {
			if rj.Finding.Path == o.Display(at.File) && rj.Finding.Line >= at.Line && rj.Finding.Line <= at.EndLine {
				why = "sendfix's fix was backed out: " + rj.Error
				break
			}
		}
		res.Remaining = append(res.Remaining, unmatchedFinding(u, o.Display, why))
	}
	res.Files = s.results(o)
	return res, nil
}

// scratch is a copy of the workspace where fixes are tried.
type scratch struct {
	root, copy, target string
	files              []string          // in the copy: the files the user's paths and excludes select
	orig               map[string][]byte // rel path → original bytes of every copied file
	modes              map[string]os.FileMode
	lock               *os.File
	lastTouch          time.Time
	extra              []string
}

// newScratch copies the workspace (without target/ and .git) to a stable
// place under the cache dir, so cargo's incremental state stays warm
// between runs and no other copy shares its target dir.
func newScratch(o VerifyOptions) (*scratch, error) {
	cache := o.CacheDir
	if cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("--verify needs a cache directory: %w", err)
		}
		cache = filepath.Join(dir, "sendfix")
	}
	sum := sha256.Sum256([]byte(o.Root))
	base := filepath.Join(cache, "verify", hex.EncodeToString(sum[:8]))
	if err := os.MkdirAll(base, 0o755); err != nil {
		return nil, err
	}
	// cargo reports, and the engine reads, the copy by its real path: a
	// symlink on the way (a symlinked cache or home directory) would make
	// every file of the copy look foreign.
	base, err := filepath.EvalSymlinks(base)
	if err != nil {
		return nil, err
	}
	// The copy sits at the workspace's own path under tree/, so that what
	// the workspace reaches by relative paths from there (path
	// dependencies outside it, .cargo/config.toml above it) can be linked
	// in at the same relative place.
	tree := filepath.Join(base, "tree")
	s := &scratch{root: o.Root, copy: filepath.Join(tree, o.Root), target: filepath.Join(base, "target"),
		orig: map[string][]byte{}, modes: map[string]os.FileMode{}, extra: o.CargoArgs}
	lock, err := os.OpenFile(filepath.Join(base, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		lock.Close()
		return nil, fmt.Errorf("locking %s: %w", base, err)
	}
	s.lock = lock
	os.RemoveAll(filepath.Join(base, "src")) // the copy's place before tree/
	if err := os.RemoveAll(tree); err != nil {
		s.unlock()
		return nil, err
	}
	err = filepath.WalkDir(o.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(o.Root, p)
		if d.IsDir() {
			if p != o.Root && (d.Name() == "target" || d.Name() == ".git") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(s.copy, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s.orig[rel] = b
		s.modes[rel] = info.Mode()
		return os.WriteFile(filepath.Join(s.copy, rel), b, 0o644)
	})
	if err == nil {
		err = s.linkSurroundings(tree)
	}
	if err != nil {
		s.unlock()
		return nil, fmt.Errorf("copying the workspace for --verify: %w", err)
	}
	return s, nil
}

// linkSurroundings links into tree, each at its own path, what cargo reads
// outside the workspace: the configuration in the directories above it
// (.cargo/config.toml, rust-toolchain.toml) and the path dependencies that
// lie outside it, with theirs.
func (s *scratch) linkSurroundings(tree string) error {
	link := func(real string) error {
		at := filepath.Join(tree, real)
		if _, err := os.Lstat(at); err == nil {
			return nil // already there, or inside something linked
		}
		if err := os.MkdirAll(filepath.Dir(at), 0o755); err != nil {
			return err
		}
		return os.Symlink(real, at)
	}
	for d := filepath.Dir(s.root); ; d = filepath.Dir(d) {
		for _, name := range []string{".cargo", "rust-toolchain", "rust-toolchain.toml"} {
			if _, err := os.Lstat(filepath.Join(d, name)); err == nil {
				if err := link(filepath.Join(d, name)); err != nil {
					return err
				}
			}
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	var queue []string // manifests to read, real paths
	for rel := range s.orig {
		if filepath.Base(rel) == "Cargo.toml" {
			queue = append(queue, filepath.Join(s.root, rel))
		}
	}
	sort.Strings(queue)
	seen := map[string]bool{}
	for len(queue) > 0 {
		manifest := queue[0]
		queue = queue[1:]
		b, err := os.ReadFile(manifest)
		if err != nil {
			continue // cargo will say
		}
		for _, p := range pathDependencies(b) {
			if filepath.IsAbs(p) {
				continue // reachable from the copy as it is
			}
			dep := filepath.Join(filepath.Dir(manifest), p)
			if rel, err := filepath.Rel(s.root, dep); err == nil && !strings.HasPrefix(rel, "..") || seen[dep] {
				continue
			}
			seen[dep] = true
			if _, err := os.Stat(dep); err != nil {
				continue
			}
			if err := link(dep); err != nil {
				return err
			}
			queue = append(queue, filepath.Join(dep, "Cargo.toml"))
		}
	}
	return nil
}

// pathDependencies returns the `path` of every dependency, patch and
// replacement in a Cargo.toml (any table under a dependencies, patch or
// replace key).
func pathDependencies(manifest []byte) []string {
	var doc map[string]any
	if _, err := toml.Decode(string(manifest), &doc); err != nil {
		return nil
	}
	var out []string
	var walk func(v any, deps bool)
	walk = func(v any, deps bool) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if p, ok := m["path"].(string); ok && deps {
			out = append(out, p)
		}
		for k, c := range m {
			switch k {
			case "dependencies", "dev-dependencies", "build-dependencies", "dev_dependencies", "build_dependencies", "patch", "replace":
				walk(c, true)
			default:
				walk(c, deps)
			}
		}
	}
	walk(doc, false)
	sort.Strings(out)
	return out
}

// selectFiles finds the files the user's paths and --exclude select in
// the user's tree (with git's idea of what is ignored there, which the copy
// lacks), and names them in the copy.
func (s *scratch) selectFiles(o VerifyOptions) error {
	paths := o.Config.Paths
	if len(paths) == 0 {
		paths = []string{o.Root}
	}
	files, err := rewrite.Discover(paths, o.Config.Exclude)
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.Err != nil {
			continue
		}
		rel, err := filepath.Rel(s.root, f.Disk)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue // outside the workspace: cargo does not check it
		}
		if _, ok := s.orig[rel]; ok {
			s.files = append(s.files, filepath.Join(s.copy, rel))
		}
	}
	return nil
}

func (s *scratch) unlock() {
	if s.lock != nil {
		syscall.Flock(int(s.lock.Fd()), syscall.LOCK_UN)
		s.lock.Close()
		s.lock = nil
	}
}

func (s *scratch) check(ctx context.Context) ([]byte, error) {
	return Check(ctx, s.copy, s.target, s.extra)
}

// snapshot returns the current text of every file that differs from the
// original.
func (s *scratch) snapshot() map[string][]byte {
	snap := map[string][]byte{}
	for rel := range s.orig {
		b, err := os.ReadFile(filepath.Join(s.copy, rel))
		if err == nil && !bytes.Equal(b, s.orig[rel]) {
			snap[rel] = b
		}
	}
	return snap
}

// write puts new texts in the copy, each with a fresh modification time so
// cargo never mistakes an edit for an unchanged file.
func (s *scratch) write(files map[string][]byte) {
	for rel, b := range files {
		p := filepath.Join(s.copy, rel)
		if cur, err := os.ReadFile(p); err == nil && bytes.Equal(cur, b) {
			continue
		}
		os.WriteFile(p, b, 0o644)
		t := time.Now()
		if !t.After(s.lastTouch) {
			t = s.lastTouch.Add(time.Millisecond)
		}
		s.lastTouch = t
		os.Chtimes(p, t, t)
	}
}

// restore puts the copy back in the state of snap (originals elsewhere).
func (s *scratch) restore(snap map[string][]byte) {
	all := map[string][]byte{}
	for rel, b := range s.orig {
		if nb, ok := snap[rel]; ok {
			all[rel] = nb
		} else {
			all[rel] = b
		}
	}
	s.write(all)
}

// found is an engine finding in the scratch copy.
type found struct {
	rewrite.Finding
	disk string // path in the copy
	rel  string
	orig int    // Start in the original file: rounds move the text
	err  string // for culprits: the first new error
}

// key identifies a fix across rounds and attempts: by its place in the
// original file, since a later round sees the text earlier rounds fixed.
func (f found) key() string {
	return fmt.Sprintf("%s\x00%s\x00%d", f.Transform, f.rel, f.orig)
}

// origOffset maps an offset in the copy's file rel, as it is in the state
// base, to the original file.
func (s *scratch) origOffset(rel string, off int, base map[string][]byte) int {
	if cur, ok := base[rel]; ok {
		return mapOffset(cur, s.orig[rel], off)
	}
	return off
}

type engineRun struct {
	changed  map[string][]byte
	findings []found // findings whose fix was applied
}

// runEngine runs sendfix over the copy as it is now, keeping what the
// guided mode and the exclusions allow.
// base is the state of the copy (see snapshot).
func (s *scratch) runEngine(ctx context.Context, o VerifyOptions, reports []Report, excluded map[string]bool, base map[string][]byte) (*engineRun, error) {
	cfg := o.Config
	cfg.Paths, cfg.Exclude = s.files, nil
	if len(cfg.Paths) == 0 {
		return &engineRun{changed: map[string][]byte{}}, nil
	}
	var m *Matcher
	if o.Guided {
		m = NewMatcher(reports)
		cfg.AddNonSendTypes(HeldTypes(reports))
	}
	cfg.Keep = func(disk string, f rewrite.Finding) bool {
		rel, _ := filepath.Rel(s.copy, disk)
		if excluded[found{Finding: f, rel: rel, orig: s.origOffset(rel, f.Start, base)}.key()] {
			return false
		}
		if m != nil {
			return m.Keep(disk, f)
		}
		if prev := o.Config.Keep; prev != nil {
			return prev(disk, f)
		}
		return true
	}
	run := &engineRun{changed: map[string][]byte{}}
	err := rewrite.Run(ctx, cfg, func(r *rewrite.FileResult) error {
		rel, err := filepath.Rel(s.copy, r.Disk)
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil
		}
		if r.Changed() {
			run.changed[rel] = r.New
		}
		for _, f := range r.Findings {
			if f.Fix != nil && f.Applied {
				run.findings = append(run.findings, found{Finding: f, disk: r.Disk, rel: rel, orig: s.origOffset(rel, f.Start, base)})
			}
		}
		return nil
	})
	return run, err
}

// bisect finds the fixes that break the build: first the files whose
// changes alone add an error, then, in each, the fixes that do.
func (s *scratch) bisect(ctx context.Context, o VerifyOptions, reports []Report, excluded map[string]bool, run *engineRun, baseline *baseline, before map[string][]byte) ([]found, error) {
	var culprits []found
	rels := make([]string, 0, len(run.changed))
	for rel := range run.changed {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	for _, rel := range rels {
		s.restore(before)
		s.write(map[string][]byte{rel: run.changed[rel]})
		out, err := s.check(ctx)
		if err != nil {
			return nil, err
		}
		_, errs, _ := Parse(bytes.NewReader(out))
		if len(newErrors(baseline, errs, s)) == 0 {
			continue
		}
		// This file's changes break the build: try its fixes one by one.
		for _, f := range run.findings {
			if f.rel != rel {
				continue
			}
			only := map[string]bool{}
			for _, g := range run.findings {
				if g.key() != f.key() {
					only[g.key()] = true
				}
			}
			for k := range excluded {
				only[k] = true
			}
			single, err := s.runEngineFrom(ctx, o, reports, only, before)
			if err != nil {
				return nil, err
			}
			s.restore(before)
			s.write(single)
			out, err := s.check(ctx)
			if err != nil {
				return nil, err
			}
			_, errs, _ := Parse(bytes.NewReader(out))
			if fresh := newErrors(baseline, errs, s); len(fresh) > 0 {
				f.err = fresh[0]
				culprits = append(culprits, f)
			}
		}
	}
	s.restore(before)
	return culprits, nil
}

// runEngineFrom runs the engine on the state before and returns its changes.
func (s *scratch) runEngineFrom(ctx context.Context, o VerifyOptions, reports []Report, excluded map[string]bool, before map[string][]byte) (map[string][]byte, error) {
	s.restore(before)
	run, err := s.runEngine(ctx, o, reports, excluded, before)
	if err != nil {
		return nil, err
	}
	return run.changed, nil
}

// baseline is what the workspace reports before any fix.
type baseline struct {
	counts map[string]int // errors other than Send errors, by key
	// tainted are the files of the functions whose type check failed on
	// a Send bound (where the spawn is): rustc does not borrow-check such
	// a function, so fixing its Send error can reveal errors it had all
	// along.
	tainted map[string]bool
}

func (s *scratch) newBaseline(reports []Report, errs []Error) *baseline {
	b := &baseline{counts: map[string]int{}, tainted: map[string]bool{}}
	for _, e := range errs {
		if !e.Send {
			b.counts[s.errKey(e)]++
		}
	}
	for _, r := range reports {
		if rel, err := filepath.Rel(s.copy, r.Primary.File); err == nil && !strings.HasPrefix(rel, "..") {
			b.tainted[rel] = true
		}
	}
	return b
}

// borrowckCodes are the errors of the borrow checker, which rustc reports
// only for functions that type-check.
var borrowckCodes = map[string]bool{
	"E0373": true, "E0381": true, "E0382": true, "E0384": true, "E0499": true, "E0502": true,
	"E0503": true, "E0505": true, "E0506": true, "E0507": true, "E0508": true, "E0509": true,
	"E0515": true, "E0521": true, "E0594": true, "E0596": true, "E0597": true, "E0712": true,
	"E0713": true, "E0716": true,
}

// newErrors returns the rendered text of errors (other than Send errors)
// that the baseline does not have, for the copy as it is on disk. A
// borrow-check error in a function that failed its Send bound before, on a
// line no fix touched, was hidden behind that Send error, not caused by a
// fix: it does not count.
func newErrors(baseline *baseline, errs []Error, s *scratch) []string {
	left := map[string]int{}
	for k, v := range baseline.counts {
		left[k] = v
	}
	edited := map[string]map[int]bool{}
	var fresh []string
	for _, e := range errs {
		if e.Send {
			continue
		}
		k := s.errKey(e)
		if left[k] > 0 {
			left[k]--
			continue
		}
		if rel, err := filepath.Rel(s.copy, e.File); err == nil && borrowckCodes[e.Code] && baseline.tainted[rel] {
			if edited[rel] == nil {
				edited[rel] = s.editedLines(rel)
			}
			if !edited[rel][e.Line] {
				continue
			}
		}
		msg := e.Message
		if e.File != "" {
			rel, _ := filepath.Rel(s.copy, e.File)
			msg = fmt.Sprintf("%s:%d: %s", rel, e.Line, e.Message)
		}
		fresh = append(fresh, msg)
	}
	return fresh
}

// editedLines returns the lines of file rel in the copy, as it is on disk,
// that differ from the original (for a deletion, the line after it).
func (s *scratch) editedLines(rel string) map[int]bool {
	lines := map[int]bool{}
	cur, err := os.ReadFile(filepath.Join(s.copy, rel))
	if err != nil {
		return lines
	}
	dmp := diffmatchpatch.New()
	a, b, table := dmp.DiffLinesToChars(string(s.orig[rel]), string(cur))
	line := 1
	for _, d := range dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), table) {
		n := strings.Count(d.Text, "\n")
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			line += n
		case diffmatchpatch.DiffInsert:
			for i := 0; i < n; i++ {
				lines[line+i] = true
			}
			line += n
		case diffmatchpatch.DiffDelete:
			lines[line] = true
		}
	}
	return lines
}

func (s *scratch) errKey(e Error) string {
	rel, err := filepath.Rel(s.copy, e.File)
	if err != nil {
		rel = e.File
	}
	return rel + "\x00" + e.Message
}

// toUserMapped moves a finding from the copy to the user's tree, mapping
// its position from the round's base text to the original file.
func (s *scratch) toUserMapped(f found, base map[string][]byte, o VerifyOptions) rewrite.Finding {
	out := f.Finding
	out.Path = o.Display(filepath.Join(s.root, f.rel))
	if cur, ok := base[f.rel]; ok {
		out.Start = mapOffset(cur, s.orig[f.rel], f.Start)
		out.Line, out.Col = lineCol(s.orig[f.rel], out.Start)
	}
	return out
}

// reportToUser moves a report on the copy, in the state final, to the
// user's tree and the original text.
func (s *scratch) reportToUser(r Report, final map[string][]byte) Report {
	move := func(sp *Span) *Span {
		if sp == nil {
			return nil
		}
		c := *sp
		rel, err := filepath.Rel(s.copy, c.File)
		if err != nil || strings.HasPrefix(rel, "..") {
			return &c
		}
		c.File = filepath.Join(s.root, rel)
		if cur, ok := final[rel]; ok {
			orig := s.orig[rel]
			c.Start, c.End = mapOffset(cur, orig, c.Start), mapOffset(cur, orig, c.End)
			c.Line, c.Col = lineCol(orig, c.Start)
			c.EndLine, c.EndCol = lineCol(orig, c.End)
		}
		return &c
	}
	r.Value = move(r.Value)
	r.Await = move(r.Await)
	r.Within = move(r.Within)
	r.Primary = *move(&r.Primary)
	return r
}

// results are the files whose text in the copy differs from the user's.
func (s *scratch) results(o VerifyOptions) []*rewrite.FileResult {
	var out []*rewrite.FileResult
	for rel, b := range s.snapshot() {
		disk := filepath.Join(s.root, rel)
		out = append(out, &rewrite.FileResult{Path: o.Display(disk), Disk: disk, Old: s.orig[rel], New: b, Mode: s.modes[rel]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// mapOffset maps an offset in cur to the same place in orig.
func mapOffset(cur, orig []byte, off int) int {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMain(string(cur), string(orig), false)
	chars1, chars2, last1, last2 := 0, 0, 0, 0
	for _, d := range diffs {
		if d.Type != diffmatchpatch.DiffInsert {
			chars1 += len(d.Text)
		}
		if d.Type != diffmatchpatch.DiffDelete {
			chars2 += len(d.Text)
		}
		if chars1 > off {
			if d.Type == diffmatchpatch.DiffDelete {
				return last2
			}
			break
		}
		last1, last2 = chars1, chars2
	}
	return last2 + (off - last1)
}

func lineCol(src []byte, off int) (int, int) {
	if off > len(src) {
		off = len(src)
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	return line, off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
}
