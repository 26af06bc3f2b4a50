package rewrite

import (
	"bytes"
	"sort"
	"strings"
	"sync"
	"testing"
)

// TestPackagePassPrefilter: a package pass sees only the files its
// prefilter accepts, and does not run on a package where it accepts none.
func TestPackagePassPrefilter(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"p/Cargo.toml":  "[package]\nname = \"p\"\n",
		"p/src/decl.rs": "struct S { m: Mutex<u8> }\n",
		"p/src/use.rs":  "fn f(s: &S) { s.m.lock(); }\n",
		"p/src/none.rs": "fn g() {}\n",
		"q/Cargo.toml":  "[package]\nname = \"q\"\n",
		"q/src/lib.rs":  "fn h() {}\n",
	})
	t.Chdir(dir)
	var mu sync.Mutex
	var seen []string
	runs := 0
	pass := &Transform{
		Name: "pkg",
		Prefilter: func(src []byte) bool {
			return bytes.Contains(src, []byte("Mutex")) || bytes.Contains(src, []byte("lock("))
		},
		RunPackage: func(p *Package) []Finding {
			mu.Lock()
			defer mu.Unlock()
			runs++
			for _, f := range p.Files {
				seen = append(seen, f.Path)
			}
			return nil
		},
	}
	runAll(t, Config{Transforms: []*Transform{pass}, NoCache: true})
	sort.Strings(seen)
	if got := strings.Join(seen, " "); got != "p/src/decl.rs p/src/use.rs" || runs != 1 {
		t.Errorf("the pass ran %d times and saw %q, want once, over p/src/decl.rs p/src/use.rs", runs, got)
	}
}

// TestUnwantedFilesAreNotParsed: in a package group, a file no pass's
// prefilter accepts is not parsed (a syntax error in it goes unreported,
// as for any file the prefilters exclude), while FixSource still parses
// and reports.
func TestUnwantedFilesAreNotParsed(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"p/Cargo.toml":    "[package]\nname = \"p\"\n",
		"p/src/broken.rs": "fn f( {\n",
		"p/src/lock.rs":   "fn g() { m.lock(); }\n",
	})
	t.Chdir(dir)
	pkg := &Transform{Name: "pkg", Prefilter: func(src []byte) bool { return bytes.Contains(src, []byte("lock(")) },
		RunPackage: func(p *Package) []Finding { return nil }}
	for _, r := range runAll(t, Config{Transforms: []*Transform{pkg}, NoCache: true}) {
		if r.Err != nil {
			t.Errorf("%s: %v (the file should not have been parsed)", r.Path, r.Err)
		}
	}
	if _, _, err := FixSource("broken.rs", []byte("fn f( {\n"), "2021", false, []*Transform{pkg}); err == nil {
		t.Error("FixSource no longer reports syntax errors")
	}
}
