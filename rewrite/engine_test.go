package rewrite

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestApplyEdits(t *testing.T) {
	src := []byte("abcdef")
	got := ApplyEdits(src, []Edit{{Start: 4, End: 5, New: "E"}, {Start: 0, End: 0, New: ">"}, {Start: 1, End: 3, New: ""}})
	if string(got) != ">adEf" {
		t.Fatalf("got %q", got)
	}
}

func TestOverlaps(t *testing.T) {
	tests := []struct {
		a, b Edit
		want bool
	}{
		{Edit{Start: 0, End: 2}, Edit{Start: 2, End: 4}, false},
		{Edit{Start: 0, End: 3}, Edit{Start: 2, End: 4}, true},
		{Edit{Start: 2, End: 2}, Edit{Start: 2, End: 2}, true},  // two inserts at one point: order unknown
		{Edit{Start: 2, End: 2}, Edit{Start: 0, End: 2}, false}, // insert right after a replacement
		{Edit{Start: 1, End: 1}, Edit{Start: 0, End: 2}, true},  // insert inside a replacement
	}
	for _, tt := range tests {
		if got := overlaps(tt.a, tt.b); got != tt.want {
			t.Errorf("overlaps(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestMergeDropsOverlapAndBadRanges(t *testing.T) {
	a := &unit{path: "a.rs", cur: make([]byte, 40), bad: [][2]int{{21, 25}}}
	b := &unit{path: "b.rs", cur: make([]byte, 40)}
	pkg := map[string]*unit{"a.rs": a, "b.rs": b}
	a.pkg, b.pkg = pkg, pkg
	cands := []candidate{
		{a, Finding{Fix: &Fix{Edits: []Edit{{Start: 0, End: 5, New: "x"}}}}},
		{a, Finding{Fix: &Fix{Edits: []Edit{{Start: 3, End: 8, New: "y"}}}}},   // overlaps the first
		{a, Finding{Fix: &Fix{Edits: []Edit{{Start: 20, End: 22, New: "z"}}}}}, // touches a syntax error
		{a, Finding{Fix: &Fix{Edits: []Edit{{Start: 30, End: 31, New: "w"}}}}},
		{a, Finding{}}, // manual finding
		// A fix across files is refused whole when one of its edits overlaps.
		{b, Finding{Fix: &Fix{Edits: []Edit{{Start: 0, End: 1, New: "v"}, {Path: "a.rs", Start: 30, End: 30, New: "u"}}}}},
		{b, Finding{Fix: &Fix{Edits: []Edit{{Start: 2, End: 3, New: "t"}, {Path: "a.rs", Start: 35, End: 35, New: "s"}}}}},
		{b, Finding{Fix: &Fix{Edits: []Edit{{Path: "c.rs", Start: 0, End: 0, New: "?"}}}}}, // no such file
	}
	acc, rej := mergeCandidates(cands)
	want := map[int]bool{0: true, 3: true, 6: true}
	for i := range cands {
		if acc[i] != want[i] {
			t.Errorf("candidate %d: accepted %v (rejected: %q)", i, acc[i], rej[i])
		}
	}
	if rej[1] != overlapRetry || !strings.Contains(rej[2], "does not parse") || rej[5] != overlapRetry || !strings.Contains(rej[7], "outside") {
		t.Fatalf("rejected %v", rej)
	}
}

// A package pass's fix spanning two files is applied to both.
func TestPackageFixSpansFiles(t *testing.T) {
	rename := &Transform{Name: "rename", RunPackage: func(p *Package) []Finding {
		var decl, use *File
		for _, f := range p.Files {
			if bytes.Contains(f.Src, []byte("struct Old")) {
				decl = f
			}
			if bytes.Contains(f.Src, []byte("Old::new")) {
				use = f
			}
		}
		if decl == nil || use == nil {
			return nil
		}
		d := bytes.Index(decl.Src, []byte("Old"))
		u := bytes.Index(use.Src, []byte("Old"))
		m := bytes.Index(p.Manifest.Src, []byte("[dependencies]")) + len("[dependencies]")
		return []Finding{{Path: use.Path, Start: u, End: u + 3, Message: "rename", Fix: &Fix{Edits: []Edit{
			{Start: u, End: u + 3, New: "New"},
			{Path: decl.Path, Start: d, End: d + 3, New: "New"},
			{Path: p.Manifest.Path, Start: m, End: m, New: "\nextra = \"1\""},
		}}}}
	}}
	out, fs, errs := FixFiles([]Source{
		{Path: "src/a.rs", Src: []byte("pub struct Old;\n")},
		{Path: "src/b.rs", Src: []byte("fn f() { let _ = Old::new(); }\n")},
	}, &Source{Path: "Cargo.toml", Src: []byte("[package]\n[dependencies]\n")}, false, []*Transform{rename})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	got := string(out[0].Src) + string(out[1].Src) + string(out[2].Src)
	want := "pub struct New;\nfn f() { let _ = New::new(); }\n[package]\n[dependencies]\nextra = \"1\"\n"
	if got != want {
		t.Fatalf("got %q", got)
	}
	if len(fs) != 1 || fs[0].Path != "src/b.rs" || !fs[0].Applied || fs[0].Line != 1 || fs[0].Col != 18 {
		t.Fatalf("findings %+v", fs)
	}
}

func TestMapBack(t *testing.T) {
	// original: "aaaa|bbbb" ; round 1 inserts 3 bytes at 0 and deletes 2 at 6.
	history := [][]appliedEdit{{{Edit{Start: 0, End: 0, New: "XYZ"}, ""}, {Edit{Start: 6, End: 8, New: ""}, "bb"}}}
	for newPos, want := range map[int]int{0: 0, 2: 0, 3: 0, 4: 1, 8: 5, 9: 8, 10: 9} {
		if got := mapBack(newPos, history); got != want {
			t.Errorf("mapBack(%d) = %d, want %d", newPos, got, want)
		}
	}
}

// A fix whose result does not parse is withdrawn, and the finding says so.
func TestBrokenFixIsWithdrawn(t *testing.T) {
	src := []byte("fn main() {\n    let x = 1;\n}\n")
	bad := &Transform{Name: "breaker", Run: func(f *File) []Finding {
		if !bytes.Contains(f.Src, []byte("let x")) {
			return nil
		}
		i := bytes.Index(f.Src, []byte("let x"))
		return []Finding{{Start: i, End: i + 5, Message: "m", Fix: &Fix{Edits: []Edit{{Start: i, End: i, New: "{{{ "}}}}}
	}}
	out, fs, err := FixSource("a.rs", src, "2021", false, []*Transform{bad})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, src) {
		t.Fatalf("broken fix applied:\n%s", out)
	}
	if len(fs) != 1 || fs[0].Fix != nil || !strings.Contains(fs[0].Message, "would not parse") {
		t.Fatalf("findings %+v", fs)
	}
	if fs[0].Line != 2 || fs[0].Col != 5 || fs[0].Transform != "breaker" {
		t.Fatalf("position %+v", fs[0])
	}
}

// Fixes that overlap in one round are applied in the next, and positions
// of later-round findings map back to the original text.
func TestOverlappingFixesSettleInLaterRounds(t *testing.T) {
	src := []byte("fn f() {\n    a;\n    b;\n}\n")
	wrap := &Transform{Name: "wrap", Run: func(f *File) []Finding {
		var out []Finding
		for _, name := range []string{"a;", "b;"} {
			i := bytes.Index(f.Src, []byte("    "+name))
			if i < 0 {
				continue
			}
			i += 4
			// Both fixes replace the whole body: they overlap.
			body := bytes.Index(f.Src, []byte("{\n")) + 2
			end := bytes.Index(f.Src, []byte("\n}"))
			repl := strings.Replace(string(f.Src[body:end]), name, strings.ToUpper(name[:1])+";", 1)
			out = append(out, Finding{Start: i, End: i + 2, Message: name + " at line {ref}", Ref: i, Fix: &Fix{Edits: []Edit{{Start: body, End: end, New: repl}}}})
		}
		return out
	}}
	out, fs, _ := FixSource("a.rs", src, "2021", false, []*Transform{wrap})
	if string(out) != "fn f() {\n    A;\n    B;\n}\n" {
		t.Fatalf("got %q", out)
	}
	if len(fs) != 2 || fs[0].Line != 2 || fs[1].Line != 3 || !fs[0].Applied || !fs[1].Applied {
		t.Fatalf("findings %+v", fs)
	}
	if fs[1].Message != "b; at line 3" {
		t.Fatalf("message %q", fs[1].Message)
	}
}

func TestEditionFromCargoToml(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "Cargo.toml"), "[workspace]\nmembers = [\"a\", \"b\", \"c\"]\n[workspace.package]\nedition = \"2024\"\n")
	write(t, filepath.Join(dir, "a/Cargo.toml"), "[package]\nname = \"a\"\nedition.workspace = true\n")
	write(t, filepath.Join(dir, "b/Cargo.toml"), "[package]\nname = \"b\"\nedition = \"2018\" # old\n")
	write(t, filepath.Join(dir, "c/Cargo.toml"), "[package]\nname = \"c\"\nedition = { workspace = true }\n")
	write(t, filepath.Join(dir, "d/Cargo.toml"), "[package]\nname = \"d\"\n")
	c := newEditionCache("")
	for file, want := range map[string]string{"a/src/main.rs": "2024", "b/src/x/y.rs": "2018", "c/src/lib.rs": "2024", "d/src/lib.rs": "2015"} {
		if got := c.forFile(filepath.Join(dir, file)); got != want {
			t.Errorf("%s: edition %s, want %s", file, got, want)
		}
	}
	if got := newEditionCache("2021").forFile(filepath.Join(dir, "a/src/main.rs")); got != "2021" {
		t.Errorf("override ignored: %s", got)
	}
}

func TestDiscoverOutsideGit(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".gitignore"), "gen/\n*.bak.rs\n!keep.bak.rs\n")
	for _, f := range []string{"src/a.rs", "src/b.bak.rs", "src/keep.bak.rs", "gen/x.rs", "target/debug/y.rs", "sub/deep/c.rs", "sub/notes.txt", "skip/z.rs"} {
		write(t, filepath.Join(dir, f), "fn main() {}\n")
	}
	write(t, filepath.Join(dir, "sub/.gitignore"), "deep/\n")
	outside := t.TempDir()
	write(t, filepath.Join(outside, "o.rs"), "")
	if err := os.Symlink(filepath.Join(outside, "o.rs"), filepath.Join(dir, "src/link.rs")); err != nil {
		t.Fatal(err)
	}
	chdir(t, dir)
	files, err := Discover([]string{"."}, []string{"skip"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Rel)
	}
	want := []string{"src/a.rs", "src/keep.bak.rs"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// Named explicitly: always processed, even when ignored.
	files, err = Discover([]string{"gen/x.rs"}, nil)
	if err != nil || len(files) != 1 {
		t.Fatalf("explicit file: %v %v", files, err)
	}
}

func TestDiscoverInGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, ".gitignore"), "ignored.rs\n")
	for _, f := range []string{"src/a.rs", "ignored.rs", "target/t.rs", "untracked.rs"} {
		write(t, filepath.Join(dir, f), "fn main() {}\n")
	}
	git(t, dir, "init", "-q")
	git(t, dir, "add", "src/a.rs", ".gitignore")
	chdir(t, filepath.Join(dir, "src"))
	files, err := Discover([]string{".."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, f.Rel)
	}
	// Paths are relative to the repository root, for git apply.
	want := []string{"src/a.rs", "untracked.rs"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestWriteFileAtomicKeepsMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.rs")
	write(t, p, "fn old() {}\n")
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	r := &FileResult{Path: "a.rs", Disk: p, Old: []byte("fn old() {}\n"), New: []byte("fn new() {}\n"), Mode: 0o640}
	if err := WriteFile(r); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(p)
	if info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", info.Mode())
	}
	if b, _ := os.ReadFile(p); string(b) != "fn new() {}\n" {
		t.Errorf("content %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	// Changed on disk since it was read: not overwritten.
	write(t, p, "someone else\n")
	if err := WriteFile(r); err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("err = %v", err)
	}
	// Read-only: refused.
	write(t, p, "fn old() {}\n")
	r.Mode = 0o444
	if err := WriteFile(r); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("err = %v", err)
	}
	// New text that does not parse: refused.
	r.Mode = 0o644
	r.New = []byte("fn (\n")
	if err := WriteFile(r); err == nil || !strings.Contains(err.Error(), "does not parse") {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "fn old() {}\n" {
		t.Errorf("content %q", b)
	}
}

func TestRunReportsBadFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "latin1.rs"), "fn main() { let s = \"caf\xe9\"; }\n")
	write(t, filepath.Join(dir, "big.rs"), strings.Repeat("// x\n", 100))
	write(t, filepath.Join(dir, "broken.rs"), "fn main( {\n")
	chdir(t, dir)
	any := &Transform{Name: "any", Run: func(*File) []Finding { return nil }}
	var errs []string
	err := Run(context.Background(), Config{Transforms: []*Transform{any}, MaxFileSize: 200}, func(r *FileResult) error {
		if r.Err != nil {
			errs = append(errs, r.Err.Error())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"big.rs: file is 500 bytes, over the 200-byte limit", "broken.rs:1:", "latin1.rs: not valid UTF-8 (at byte 24)"}
	if len(errs) != len(want) {
		t.Fatalf("errors %q", errs)
	}
	for i := range want {
		if !strings.HasPrefix(errs[i], want[i]) {
			t.Errorf("error %q, want prefix %q", errs[i], want[i])
		}
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func chdir(t *testing.T, dir string) {
	t.Helper()
	t.Chdir(dir)
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}
