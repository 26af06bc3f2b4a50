package rewrite_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"sendfix/rewrite"
	"sendfix/transforms"
)

// Reliability on bad input: every test here feeds the engine something a
// real repository can hold and checks it is processed, or refused with a
// reason, without a crash, a hang, or a lost byte.

// guardSrc has one guard held across an await that scope-guard fixes by
// scoping it.
const guardSrc = `use std::sync::{Arc, Mutex};

async fn tick() {}

pub async fn bump(counter: Arc<Mutex<u64>>) {
    let mut n = counter.lock().unwrap();
    *n += 1;
    tick().await;
}
`

func fixSource(t *testing.T, src []byte) ([]byte, []rewrite.Finding) {
	t.Helper()
	out, fs, err := rewrite.FixSource("a.rs", src, "2021", false, transforms.All())
	if err != nil && !bytes.Contains(src, []byte("\xff")) {
		t.Fatalf("FixSource: %v", err)
	}
	return out, fs
}

func parsesCleanly(src []byte) bool {
	tree := rewrite.Parse(src)
	defer tree.Close()
	return !tree.RootNode().HasError()
}

// TestReliabilityLineEndingsBOMTabs: a fix keeps the file's bytes outside
// its edits, its BOM, its line endings (CRLF, or a mix) and its
// indentation (tabs).
func TestReliabilityLineEndingsBOMTabs(t *testing.T) {
	lf := []byte(guardSrc)
	crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
	var mixed []byte
	for i, line := range bytes.SplitAfter(lf, []byte("\n")) {
		if i%2 == 1 {
			line = bytes.ReplaceAll(line, []byte("\n"), []byte("\r\n"))
		}
		mixed = append(mixed, line...)
	}
	bom := []byte("\xef\xbb\xbf")
	tabs := bytes.ReplaceAll(lf, []byte("    "), []byte("\t"))
	cases := map[string][]byte{
		"lf": lf, "crlf": crlf, "mixed": mixed, "tabs": tabs,
		"bom": append(append([]byte{}, bom...), lf...), "bom-crlf": append(append([]byte{}, bom...), crlf...),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			out, fs := fixSource(t, src)
			if bytes.Equal(out, src) || len(fs) == 0 {
				t.Fatalf("nothing fixed:\n%s", out)
			}
			if !parsesCleanly(out) {
				t.Errorf("the fixed text does not parse:\n%s", out)
			}
			if bytes.HasPrefix(src, bom) != bytes.HasPrefix(out, bom) {
				t.Errorf("BOM not kept")
			}
			// Every line of the input outside the fixed function is kept
			// byte for byte, with its own line ending.
			head := src[:bytes.Index(src, []byte("pub async fn"))]
			if !bytes.HasPrefix(out, head) {
				t.Errorf("bytes before the fix changed:\n%q\n%q", head, out[:len(head)])
			}
			if name == "crlf" || name == "bom-crlf" {
				if i := bytes.Index(bytes.ReplaceAll(out, []byte("\r\n"), nil), []byte("\n")); i >= 0 {
					t.Errorf("a bare LF in a CRLF file:\n%q", out)
				}
			}
			if name == "lf" || name == "tabs" || name == "bom" {
				if bytes.Contains(out, []byte("\r")) {
					t.Errorf("a CR in an LF file:\n%q", out)
				}
			}
			if name == "tabs" {
				for _, line := range bytes.Split(out, []byte("\n")) {
					if bytes.HasPrefix(line, []byte(" ")) {
						t.Errorf("space indentation in a tab-indented file: %q", line)
					}
				}
			}
			// A second run changes nothing.
			again, _ := fixSource(t, out)
			if !bytes.Equal(again, out) {
				t.Errorf("a second run changed the text again:\n%s", again)
			}
		})
	}
}

// TestReliabilityNonUTF8: a file that is not UTF-8 is refused with the
// offset of the first bad byte; its neighbours are still processed.
func TestReliabilityNonUTF8(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	bad := strings.Replace(guardSrc, "async fn tick() {}", "async fn tick() { let _ = \"\xff\xfe\"; }", 1)
	write(t, "bad.rs", bad)
	write(t, "good.rs", guardSrc)
	got := map[string]*rewrite.FileResult{}
	run(t, rewrite.Config{Transforms: transforms.All(), NoCache: true}, got)
	if r := got["bad.rs"]; r == nil || r.Err == nil || !strings.Contains(r.Err.Error(), "not valid UTF-8 (at byte") || r.New != nil {
		t.Errorf("bad.rs: %+v", r)
	}
	if r := got["good.rs"]; r == nil || !r.Changed() {
		t.Errorf("good.rs was not fixed: %+v", r)
	}
}

// TestReliabilityHugeFile: a 20 MB generated file is refused by the
// default size limit, quickly and with the way out named; the files next
// to it are processed.
func TestReliabilityHugeFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var b strings.Builder
	b.WriteString(guardSrc)
	for i := 0; b.Len() < 20<<20; i++ {
		b.WriteString("pub fn generated_")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString("() -> u64 { 42 }\n")
	}
	write(t, "generated.rs", b.String())
	write(t, "small.rs", guardSrc)
	start := time.Now()
	got := map[string]*rewrite.FileResult{}
	run(t, rewrite.Config{Transforms: transforms.All(), NoCache: true}, got)
	if r := got["generated.rs"]; r == nil || r.Err == nil || !strings.Contains(r.Err.Error(), "raise it with --max-file-size") {
		t.Errorf("generated.rs: %+v", r)
	}
	if r := got["small.rs"]; r == nil || !r.Changed() {
		t.Errorf("small.rs was not fixed")
	}
	t.Logf("refusing a 20 MB file took %v", time.Since(start))
}

// TestReliabilityHugeFileAllowed: with the limit raised, a 20 MB file
// that no prefilter accepts is read and prefiltered, and no pass runs on
// it (nor is it parsed for one).
func TestReliabilityHugeFileAllowed(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	line := "pub fn generated(x: u64) -> u64 { x.wrapping_mul(31) ^ (x >> 7) }\n"
	write(t, "generated.rs", strings.Repeat(line, 20<<20/len(line)+1))
	var calls atomic.Int64
	var passes []*rewrite.Transform
	for _, p := range transforms.All() {
		if p.Prefilter == nil {
			continue // a pass that takes every file (none should)
		}
		c := *p
		if run := p.Run; run != nil {
			c.Run = func(f *rewrite.File) []rewrite.Finding { calls.Add(1); return run(f) }
		}
		if run := p.RunPackage; run != nil {
			c.RunPackage = func(pkg *rewrite.Package) []rewrite.Finding { calls.Add(1); return run(pkg) }
		}
		passes = append(passes, &c)
	}
	got := map[string]*rewrite.FileResult{}
	start := time.Now()
	run(t, rewrite.Config{Transforms: passes, NoCache: true, MaxFileSize: 64 << 20}, got)
	if len(got) != 0 || calls.Load() != 0 {
		t.Errorf("a clean generated file was reported (%v) or given to a pass (%d)", keys(got), calls.Load())
	}
	t.Logf("a 20 MB file that no prefilter accepts: %v", time.Since(start))
}

// TestReliabilityDeepNesting: 50,000 nested blocks, parentheses, or
// unclosed braces: no stack overflow anywhere (tree-sitter, the engine's
// walks, the transforms), and the guard before them is still fixed.
func TestReliabilityDeepNesting(t *testing.T) {
	const depth = 50000
	head := "use std::sync::{Arc, Mutex};\n\nasync fn tick() {}\n\npub async fn deep(counter: Arc<Mutex<u64>>) {\n    let mut n = counter.lock().unwrap();\n    *n += 1;\n"
	cases := map[string]string{
		"blocks":   head + strings.Repeat("{", depth) + strings.Repeat("}", depth) + "\n    tick().await;\n}\n",
		"parens":   head + "    let x = " + strings.Repeat("(", depth) + "1" + strings.Repeat(")", depth) + ";\n    tick().await;\n}\n",
		"closures": head + "    let f = " + strings.Repeat("|| ", depth) + "1;\n    tick().await;\n}\n",
		"unclosed": head + strings.Repeat("{", depth) + "\n    tick().await;\n}\n",
		"async":    head + strings.Repeat("async { ", depth/10) + "tick().await;" + strings.Repeat(" };", depth/10) + "\n    tick().await;\n}\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			out, _, err := rewrite.FixSource("deep.rs", []byte(src), "2021", false, transforms.All())
			if name == "unclosed" {
				if err == nil {
					t.Error("no syntax error reported")
				}
				return
			}
			if bytes.Equal(out, []byte(src)) {
				t.Error("the guard was not fixed")
			}
			if !parsesCleanly(out) {
				t.Error("the result does not parse")
			}
		})
	}
}

// TestReliabilityChangedBetweenReadAndWrite: a file edited or deleted
// after sendfix read it is not overwritten (nor recreated).
func TestReliabilityChangedBetweenReadAndWrite(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "edited.rs", guardSrc)
	write(t, "deleted.rs", guardSrc)
	write(t, "same.rs", guardSrc)
	got := map[string]*rewrite.FileResult{}
	run(t, rewrite.Config{Transforms: transforms.All(), NoCache: true}, got)
	edit := guardSrc + "// the user's edit\n"
	write(t, "edited.rs", edit)
	if err := os.Remove("deleted.rs"); err != nil {
		t.Fatal(err)
	}
	if err := rewrite.WriteFile(got["edited.rs"]); err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("edited.rs: %v", err)
	}
	if b, _ := os.ReadFile("edited.rs"); string(b) != edit {
		t.Errorf("edited.rs was overwritten:\n%s", b)
	}
	if err := rewrite.WriteFile(got["deleted.rs"]); err == nil {
		t.Error("deleted.rs: no error")
	}
	if _, err := os.Stat("deleted.rs"); !os.IsNotExist(err) {
		t.Errorf("deleted.rs was recreated (%v)", err)
	}
	if err := rewrite.WriteFile(got["same.rs"]); err != nil {
		t.Errorf("same.rs: %v", err)
	}
	if b, _ := os.ReadFile("same.rs"); string(b) != string(got["same.rs"].New) {
		t.Error("same.rs was not written")
	}
	noTempFiles(t, dir)
}

// TestReliabilityReadOnly: a read-only file, or a file in a read-only
// directory, is not written (also as root, who could), and stays intact.
func TestReliabilityReadOnly(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "ro.rs", guardSrc)
	write(t, "rodir/a.rs", guardSrc)
	if err := os.Chmod("ro.rs", 0o444); err != nil {
		t.Fatal(err)
	}
	got := map[string]*rewrite.FileResult{}
	run(t, rewrite.Config{Transforms: transforms.All(), NoCache: true}, got)
	if err := os.Chmod("rodir", 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod("rodir", 0o755)
	for _, name := range []string{"ro.rs", "rodir/a.rs"} {
		r := got[name]
		if r == nil || !r.Changed() {
			t.Fatalf("%s: no fix computed", name)
		}
		err := rewrite.WriteFile(r)
		if err == nil || !strings.Contains(err.Error(), "read-only") && !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s: %v", name, err)
		}
		if b, _ := os.ReadFile(name); string(b) != guardSrc {
			t.Errorf("%s was changed", name)
		}
	}
	noTempFiles(t, dir)
}

// TestReliabilitySymlinkLoops: loops of symlinks (files and directories)
// in a tree are skipped without a hang; named explicitly, one is an error.
func TestReliabilitySymlinkLoops(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "src/a.rs", guardSrc)
	for _, l := range [][2]string{{"b.rs", "src/c.rs"}, {"c.rs", "src/b.rs"}, {"self.rs", "src/self.rs"}, {"..", "src/up"}, {"loopdir", "src/loopdir"}} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan map[string]*rewrite.FileResult)
	go func() {
		got := map[string]*rewrite.FileResult{}
		run(t, rewrite.Config{Transforms: transforms.All(), NoCache: true}, got)
		done <- got
	}()
	select {
	case got := <-done:
		if len(got) != 1 || got["src/a.rs"] == nil || !got["src/a.rs"].Changed() {
			t.Errorf("want src/a.rs fixed and nothing else, got %v", keys(got))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("hung on a symlink loop")
	}
	err := rewrite.Run(context.Background(), rewrite.Config{Paths: []string{"src/b.rs"}, Transforms: transforms.All(), NoCache: true},
		func(*rewrite.FileResult) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "src/b.rs") {
		t.Errorf("an explicit symlink loop: %v", err)
	}
}

// TestReliabilityFullDisk: on a full file system the write fails cleanly:
// an error naming the file, the original intact, no temporary file left.
// It mounts a tiny tmpfs, which needs root (CI runs as root).
func TestReliabilityFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	mnt := filepath.Join(dir, "mnt")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	defer syscall.Unmount(mnt, syscall.MNT_DETACH)
	t.Chdir(mnt)
	// A fixable file of about 20 KB: its rewrite needs another 20 KB.
	src := guardSrc + strings.Repeat("// padding padding padding padding padding padding padding\n", 340)
	write(t, "a.rs", src)
	got := map[string]*rewrite.FileResult{}
	run(t, rewrite.Config{Transforms: transforms.All(), NoCache: true}, got)
	r := got["a.rs"]
	if r == nil || !r.Changed() {
		t.Fatal("no fix computed")
	}
	// Fill the disk.
	f, err := os.Create("filler")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()
	err = rewrite.WriteFile(r)
	if err == nil || !strings.Contains(err.Error(), "a.rs") || !strings.Contains(err.Error(), "no space left") {
		t.Errorf("writing on a full disk: %v", err)
	}
	if b, _ := os.ReadFile("a.rs"); string(b) != src {
		t.Error("the original was damaged")
	}
	noTempFiles(t, mnt)
	// With room again, the same result is written.
	os.Remove("filler")
	if err := rewrite.WriteFile(r); err != nil {
		t.Errorf("after freeing space: %v", err)
	}
	t.Chdir(dir)
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, cfg rewrite.Config, got map[string]*rewrite.FileResult) {
	t.Helper()
	err := rewrite.Run(context.Background(), cfg, func(r *rewrite.FileResult) error {
		got[r.Path] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.Contains(filepath.Base(p), ".sendfix-") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

func keys(m map[string]*rewrite.FileResult) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestReliabilityFIFO: a named pipe given as a file is refused as not a
// regular file, without waiting for a writer.
func TestReliabilityFIFO(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := syscall.Mkfifo("pipe.rs", 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := map[string]*rewrite.FileResult{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(t, rewrite.Config{Paths: []string{"pipe.rs"}, Transforms: transforms.All(), NoCache: true}, got)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the engine is blocked opening a FIFO")
	}
	if r := got["pipe.rs"]; r == nil || r.Err == nil || !strings.Contains(r.Err.Error(), "not a regular file") {
		t.Fatalf("got %+v, want a not-a-regular-file error", r)
	}
}
