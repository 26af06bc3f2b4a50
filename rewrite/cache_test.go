package rewrite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestMain keeps the package's tests out of the user's cache directory.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sendfix-rewrite-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// countingPass reports every `lock(` with a fix renaming it to `grab(`
// (and a manual finding on every `manual`), counting the files it runs on.
func countingPass(runs *atomic.Int64) *Transform {
	return &Transform{
		Name: "count",
		Prefilter: func(src []byte) bool {
			return bytes.Contains(src, []byte("lock(")) || bytes.Contains(src, []byte("manual"))
		},
		Run: func(f *File) []Finding {
			runs.Add(1)
			var out []Finding
			for off := 0; ; {
				i := bytes.Index(f.Src[off:], []byte("lock("))
				if i < 0 {
					break
				}
				at := off + i
				out = append(out, Finding{Start: at, End: at + 4, Message: "lock at line {ref}", Ref: at,
					Fix: &Fix{Message: "grab", Edits: []Edit{{Start: at, End: at + 4, New: "grab"}}}})
				off = at + 5
			}
			if i := bytes.Index(f.Src, []byte("manual")); i >= 0 {
				out = append(out, Finding{Start: i, End: i + 6, Message: "needs a person"})
			}
			return out
		},
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runAll runs the engine and returns every emitted result (without the
// fields that differ between equal runs).
func runAll(t *testing.T, cfg Config) []*FileResult {
	t.Helper()
	var out []*FileResult
	err := Run(context.Background(), cfg, func(r *FileResult) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// same compares two runs' results as a user sees them.
func same(t *testing.T, what string, a, b []*FileResult) {
	t.Helper()
	render := func(rs []*FileResult) string {
		var s strings.Builder
		for _, r := range rs {
			fmt.Fprintf(&s, "%s changed=%v new=%q err=%v\n", r.Path, r.Changed(), r.New, r.Err)
			for _, f := range r.Findings {
				fix := f.Fix
				f.Fix = nil
				fmt.Fprintf(&s, "  %+v", f)
				if fix != nil {
					fmt.Fprintf(&s, " fix=%+v", *fix)
				}
				s.WriteByte('\n')
			}
		}
		return s.String()
	}
	if ra, rb := render(a), render(b); ra != rb {
		t.Errorf("%s: results differ:\n--- first\n%s--- second\n%s", what, ra, rb)
	}
}

var cacheTree = map[string]string{
	"a.rs":     "fn a() { m.lock(); }\n",
	"b.rs":     "fn b() { m.lock(); x.lock(); }\n// manual\n",
	"c.rs":     "fn c() {}\n", // no pass wants it: never parsed, never cached
	"bad.rs":   "fn d() { m.lock( }\n",
	"sub/e.rs": "fn e() { m.lock(); }\n",
}

func TestCacheHitsGiveTheSameResults(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, cacheTree)
	t.Chdir(dir)
	var runs atomic.Int64
	cfg := Config{Transforms: []*Transform{countingPass(&runs)}, CacheDir: t.TempDir(), Jobs: 2}

	uncached := cfg
	uncached.NoCache = true
	want := runAll(t, uncached)
	full := runs.Load() // the pass runs again on a file it fixed
	if full < 4 {
		t.Fatalf("the pass ran %d times, want at least 4", full)
	}
	if entries := cacheEntries(t, cfg.CacheDir); len(entries) != 0 {
		t.Fatalf("--no-cache wrote %d entries", len(entries))
	}

	runs.Store(0)
	cold := runAll(t, cfg)
	same(t, "cold", want, cold)
	if runs.Load() != full {
		t.Errorf("cold run: the pass ran %d times, want %d", runs.Load(), full)
	}
	if entries := cacheEntries(t, cfg.CacheDir); len(entries) != 4 {
		t.Errorf("cold run wrote %d entries, want 4", len(entries))
	}

	runs.Store(0)
	warm := runAll(t, cfg)
	same(t, "warm", want, warm)
	if runs.Load() != 0 {
		t.Errorf("warm run: the pass ran on %d files, want 0", runs.Load())
	}

	// One file changes: only it runs again.
	writeTree(t, dir, map[string]string{"a.rs": "fn a() { m.lock(); n.lock(); }\n"})
	runs.Store(0)
	after := runAll(t, cfg)
	if runs.Load() == 0 || runs.Load() > 2 {
		t.Errorf("after an edit: the pass ran %d times, want 1 or 2 (a.rs alone)", runs.Load())
	}
	runs.Store(0)
	same(t, "after an edit", runAll(t, uncached), after)
}

func TestCacheKeyedByConfiguration(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, cacheTree)
	t.Chdir(dir)
	var runs atomic.Int64
	base := Config{Transforms: []*Transform{countingPass(&runs)}, CacheDir: t.TempDir()}
	runAll(t, base)
	full := runs.Load()
	for _, c := range []struct {
		name string
		cfg  func(Config) Config
		miss bool
	}{
		{"same", func(c Config) Config { return c }, false},
		{"jobs and excludes do not matter", func(c Config) Config { c.Jobs = 1; c.Exclude = []string{"zzz"}; return c }, false},
		{"--all", func(c Config) Config { c.All = true; return c }, true},
		{"--edition", func(c Config) Config { c.Edition = "2024"; return c }, true},
		{"analysis", func(c Config) Config { c.Analysis = &Analysis{SendSpawners: []string{"go"}}; return c }, true},
		{"a Keep filter is not cached", func(c Config) Config {
			c.Keep = func(string, Finding) bool { return true }
			return c
		}, true},
		{"a renamed pass", func(c Config) Config {
			p := *c.Transforms[0]
			p.Name = "count2"
			c.Transforms = []*Transform{&p}
			return c
		}, true},
	} {
		runs.Store(0)
		runAll(t, c.cfg(base))
		runAll(t, c.cfg(base)) // the second time, from the cache if it may be
		want := int64(0)
		if c.miss {
			want = full
		}
		if c.name == "a Keep filter is not cached" {
			want *= 2
		}
		if runs.Load() != want {
			t.Errorf("%s: the pass ran %d times, want %d", c.name, runs.Load(), want)
		}
	}
}

func TestConfigFingerprintCoversEveryField(t *testing.T) {
	// A field added to Config is keyed unless it is listed as not
	// changing results: this test fails when a new field cannot be keyed.
	fp, ok := configFingerprint(Config{Transforms: []*Transform{{Name: "x", Run: func(*File) []Finding { return nil }}}})
	if !ok {
		t.Fatal("the default configuration cannot be cached")
	}
	for _, name := range []string{"Transforms=[x]", "All=false", "Edition=", "Analysis=nil", "Keep=nil"} {
		if !strings.Contains(fp, name) {
			t.Errorf("fingerprint %q lacks %q", fp, name)
		}
	}
	for _, name := range []string{"Paths", "Jobs", "Exclude", "CacheDir", "NoCache", "MaxFileSize"} {
		if strings.Contains(fp, name+"=") {
			t.Errorf("fingerprint %q names %s, which does not change results", fp, name)
		}
	}
}

func TestCacheIgnoresDamagedEntries(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, cacheTree)
	t.Chdir(dir)
	var runs atomic.Int64
	cfg := Config{Transforms: []*Transform{countingPass(&runs)}, CacheDir: t.TempDir()}
	want := runAll(t, cfg)
	full := runs.Load()
	damage := []func([]byte) []byte{
		func(b []byte) []byte { return nil },                                      // empty
		func(b []byte) []byte { return b[:len(b)/2] },                             // truncated
		func(b []byte) []byte { return []byte("garbage\n\x00\xff") },              // garbage
		func(b []byte) []byte { c := bytes.Clone(b); c[len(c)-3] ^= 1; return c }, // a flipped bit in the body
		func(b []byte) []byte { return bytes.Replace(b, []byte(cacheFormat), []byte("sendfix-results-0"), 1) },
	}
	for i, d := range damage {
		for _, p := range cacheEntries(t, cfg.CacheDir) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, d(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		runs.Store(0)
		same(t, fmt.Sprintf("damage %d", i), want, runAll(t, cfg))
		if runs.Load() != full {
			t.Errorf("damage %d: the pass ran %d times, want %d (every entry is bad)", i, runs.Load(), full)
		}
		// The bad entries were replaced: the next run hits.
		runs.Store(0)
		same(t, fmt.Sprintf("after damage %d", i), want, runAll(t, cfg))
		if runs.Load() != 0 {
			t.Errorf("after damage %d: the pass ran on %d files, want 0", i, runs.Load())
		}
	}
	// An unreadable cache directory only costs time.
	if err := os.WriteFile(filepath.Join(t.TempDir(), "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	blocked := cfg
	blocked.CacheDir = filepath.Join(cfg.CacheDir, "results", "not-a-dir")
	os.WriteFile(blocked.CacheDir, []byte("x"), 0o644)
	same(t, "cache dir is a file", want, runAll(t, blocked))
}

func TestCacheConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[fmt.Sprintf("f%02d.rs", i)] = strings.Repeat(fmt.Sprintf("fn f%d() { m.lock(); }\n", i), i%5+1)
	}
	writeTree(t, dir, files)
	t.Chdir(dir)
	var runs atomic.Int64
	cfg := Config{Transforms: []*Transform{countingPass(&runs)}, CacheDir: t.TempDir(), Jobs: 2}
	uncached := cfg
	uncached.NoCache = true
	want := runAll(t, uncached)
	var wg sync.WaitGroup
	results := make([][]*FileResult, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = runAll(t, cfg)
		}()
	}
	wg.Wait()
	for i, r := range results {
		same(t, fmt.Sprintf("concurrent run %d", i), want, r)
	}
	same(t, "after the concurrent runs", want, runAll(t, cfg))
	for _, p := range cacheEntries(t, cfg.CacheDir) {
		if strings.HasPrefix(filepath.Base(p), ".tmp-") {
			t.Errorf("temporary file left behind: %s", p)
		}
	}
}

func TestCachePruneKeepsItBounded(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := 0; i < 60; i++ {
		files[fmt.Sprintf("f%02d.rs", i)] = fmt.Sprintf("fn f%d() { m.lock(); }\n%s\n", i, strings.Repeat("x", 2000))
	}
	writeTree(t, dir, files)
	t.Chdir(dir)
	defer func(m int64) { cacheMaxBytes = m }(cacheMaxBytes)
	cacheMaxBytes = 40 << 10
	var runs atomic.Int64
	cfg := Config{Transforms: []*Transform{countingPass(&runs)}, CacheDir: t.TempDir()}
	runAll(t, cfg)
	var total int64
	for _, p := range cacheEntries(t, cfg.CacheDir) {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		total += info.Size()
	}
	if total > cacheMaxBytes || total == 0 {
		t.Errorf("cache holds %d bytes, want (0, %d]", total, cacheMaxBytes)
	}
}

// TestCachePackageGroups: with a package pass, a unit of work is a whole
// Cargo package, keyed by all its files and its Cargo.toml.
func TestCachePackageGroups(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"p/Cargo.toml": "[package]\nname = \"p\"\nedition = \"2021\"\n",
		"p/src/a.rs":   "fn a() { m.lock(); }\n",
		"p/src/b.rs":   "fn b() {}\n",
		"q/Cargo.toml": "[package]\nname = \"q\"\n",
		"q/src/c.rs":   "fn c() { m.lock(); }\n",
	})
	t.Chdir(dir)
	var runs atomic.Int64
	pkgPass := &Transform{Name: "pkg", RunPackage: func(p *Package) []Finding {
		runs.Add(1)
		var out []Finding
		for _, f := range p.Files {
			if i := bytes.Index(f.Src, []byte("lock(")); i >= 0 {
				out = append(out, Finding{Path: f.Path, Start: i, End: i + 4, Message: fmt.Sprintf("one of %d files", len(p.Files)),
					Fix: &Fix{Edits: []Edit{{Start: i, End: i + 4, New: "grab"}}}})
			}
		}
		return out
	}}
	cfg := Config{Transforms: []*Transform{pkgPass}, CacheDir: t.TempDir()}
	uncached := cfg
	uncached.NoCache = true
	want := runAll(t, uncached)
	runs.Store(0)
	same(t, "cold", want, runAll(t, cfg))
	cold := runs.Load()
	runs.Store(0)
	same(t, "warm", want, runAll(t, cfg))
	if runs.Load() != 0 {
		t.Errorf("warm: the package pass ran %d times, want 0", runs.Load())
	}
	// b.rs holds no finding, but it is part of p: p runs again, q does not.
	writeTree(t, dir, map[string]string{"p/src/b.rs": "fn b() { m.lock(); }\n"})
	runs.Store(0)
	got := runAll(t, cfg)
	if runs.Load() == 0 || runs.Load() >= cold {
		t.Errorf("after editing p: the package pass ran %d times (cold: %d), want p's rounds only", runs.Load(), cold)
	}
	same(t, "after an edit", runAll(t, uncached), got)
	// The manifest is part of the key.
	writeTree(t, dir, map[string]string{"q/Cargo.toml": "[package]\nname = \"q\"\nedition = \"2018\"\n"})
	runs.Store(0)
	runAll(t, cfg)
	if runs.Load() == 0 {
		t.Error("after editing q's Cargo.toml: q came from the cache")
	}
}

func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.Walk(filepath.Join(dir, "results"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.HasPrefix(info.Name(), ".pruned") {
			out = append(out, p)
		}
		return nil
	})
	return out
}
