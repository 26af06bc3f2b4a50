package rewrite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// statTestFiles writes a package with a clean file and returns the run's
// configuration (its own cache) and the clean file's path.
func statTestFiles(t *testing.T) (Config, string, *atomic.Int64) {
	t.Helper()
	statRacyMargin = 0 // the files are written just before the runs
	t.Cleanup(func() { statRacyMargin = 2 * time.Second })
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "Cargo.toml"), []byte("[package]\nname = \"p\"\nedition = \"2021\"\n"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "src"), 0o755))
	clean := filepath.Join(dir, "src", "lib.rs")
	must(os.WriteFile(clean, []byte("pub async fn f() { g().await; }\n"), 0o644))
	reads := &atomic.Int64{} // the prefilter sees every file read
	pass := &Transform{Name: "awaits-in-main", Doc: "reports an await in fn main (a test pass)",
		Prefilter: func(src []byte) bool {
			reads.Add(1)
			return strings.Contains(string(src), "await")
		},
		Run: func(f *File) []Finding {
			if i := strings.Index(string(f.Src), "fn main() { x().await"); i >= 0 {
				return []Finding{{Start: i, End: i + 2, Message: "await in main"}}
			}
			return nil
		}}
	return Config{Paths: []string{dir}, Transforms: []*Transform{pass}, CacheDir: t.TempDir(), Jobs: 1}, clean, reads
}

func findings(t *testing.T, cfg Config) int {
	t.Helper()
	n := 0
	err := Run(context.Background(), cfg, func(r *FileResult) error {
		n += len(r.Findings)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStatIndexSeesChanges: a file whose result was recorded as clean is
// read again, and its new finding reported, after any change: new bytes
// of the same size and modification time, a replaced file, a new edition.
func TestStatIndexSeesChanges(t *testing.T) {
	changes := map[string]func(t *testing.T, clean string){
		"same size and mtime": func(t *testing.T, clean string) {
			info, _ := os.Stat(clean)
			text := "fn main() { x().await }\n"
			text += strings.Repeat("/", int(info.Size())-len(text)-1) + "\n"
			if err := os.WriteFile(clean, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(clean, info.ModTime(), info.ModTime())
		},
		"replaced by rename": func(t *testing.T, clean string) {
			tmp := clean + ".new"
			os.WriteFile(tmp, []byte("fn main() { x().await }\n"), 0o644)
			if err := os.Rename(tmp, clean); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			cfg, clean, _ := statTestFiles(t)
			if n := findings(t, cfg); n != 0 {
				t.Fatalf("first run: %d findings", n)
			}
			if n := findings(t, cfg); n != 0 { // from the index
				t.Fatalf("second run: %d findings", n)
			}
			idx := filepath.Join(cfg.CacheDir, "results", "st")
			if entries, _ := os.ReadDir(idx); len(entries) != 1 {
				t.Fatalf("no stat index written in %s", idx)
			}
			change(t, clean)
			if n := findings(t, cfg); n != 1 {
				t.Errorf("after the change: %d findings, want 1", n)
			}
		})
	}
}

// TestStatIndexSkipsReading: an unchanged clean file is not read again,
// a changed one is.
func TestStatIndexSkipsReading(t *testing.T) {
	cfg, clean, reads := statTestFiles(t)
	findings(t, cfg)
	if reads.Load() == 0 {
		t.Fatal("the first run read nothing")
	}
	reads.Store(0)
	findings(t, cfg)
	if n := reads.Load(); n != 0 {
		t.Errorf("the unchanged file was read again (%d reads)", n)
	}
	os.WriteFile(clean, []byte("pub async fn f() { h().await; }\n"), 0o644)
	findings(t, cfg)
	if reads.Load() == 0 {
		t.Error("the changed file was not read")
	}
	// Still clean: its new stamps replace the old ones in the index.
	reads.Store(0)
	findings(t, cfg)
	if n := reads.Load(); n != 0 {
		t.Errorf("the changed, still clean file was read again on the next run (%d reads)", n)
	}
	cfg.NoCache = true
	reads.Store(0)
	findings(t, cfg)
	if reads.Load() == 0 {
		t.Error("--no-cache: the file was not read")
	}
}

// TestStatIndexUnit: what unchanged compares, directly.
func TestStatIndexUnit(t *testing.T) {
	cfg, clean, _ := statTestFiles(t)
	c := openResultCache(cfg)
	if c == nil {
		t.Skip("no build id: no cache")
	}
	editions := newEditionCache("")
	g := group{files: []SourceFile{{Rel: "src/lib.rs", Disk: clean}}}
	s := c.openStatIndex(cfg.Paths, nil)
	st, ok := stampOf(clean)
	if !ok {
		t.Skip("no file stamps here")
	}
	st.Edition = editions.forFile(clean)
	s.record(g, &loadedGroup{stamps: []fileStamp{st}})
	s.save()
	s = c.openStatIndex(cfg.Paths, nil)
	if !s.unchanged(g, editions) {
		t.Fatal("an unchanged file is not recognised")
	}
	if s.unchanged(group{files: append(g.files, SourceFile{Rel: "src/b.rs", Disk: clean + "b"})}, editions) {
		t.Error("a group with one more file counts as unchanged")
	}
	if c.openStatIndex([]string{filepath.Dir(clean)}, nil).unchanged(g, editions) {
		t.Error("the index of another set of paths was used")
	}
	// A file changed too recently is not recorded.
	statRacyMargin = time.Hour
	s = c.openStatIndex(cfg.Paths, nil)
	s.next = map[string]groupStamps{}
	s.record(g, &loadedGroup{stamps: []fileStamp{st}})
	if len(s.next) != 0 {
		t.Error("a file modified within the racy margin was recorded")
	}
}

// TestStatIndexPackage: a package unit is skipped while its files and its
// Cargo.toml keep their stamps, and read again when Cargo.toml changes.
func TestStatIndexPackage(t *testing.T) {
	cfg, _, reads := statTestFiles(t)
	pass := cfg.Transforms[0]
	pkgPass := &Transform{Name: "package", Doc: "a package pass that finds nothing", Prefilter: pass.Prefilter,
		RunPackage: func(*Package) []Finding { return nil }}
	cfg.Transforms = []*Transform{pkgPass}
	findings(t, cfg)
	reads.Store(0)
	findings(t, cfg)
	if n := reads.Load(); n != 0 {
		t.Errorf("the unchanged package was read again (%d reads)", n)
	}
	manifest := filepath.Join(cfg.Paths[0], "Cargo.toml")
	os.WriteFile(manifest, []byte("[package]\nname = \"p\"\nedition = \"2018\"\n"), 0o644)
	findings(t, cfg)
	if reads.Load() == 0 {
		t.Error("the package was not read again after its Cargo.toml changed")
	}
}
