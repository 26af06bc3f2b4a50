package diffout

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s\nwant:\n%s",
			path, got, want)
	}
}

// numbered returns "1\n2\n...n\n".
func numbered(n int) string { return numberedWith(n, nil) }

// numberedWith is numbered(n) with line i (1-based) replaced by repl[i],
// which includes its newline if it has one ("" deletes the line).
func numberedWith(n int, repl map[int]string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		if r, ok := repl[i]; ok {
			b.WriteString(r)
			continue
		}
		fmt.Fprintf(&b, "%d\n", i)
	}
	return b.String()
}

func TestUnifiedTable(t *testing.T) {
	ten := numbered(10)
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{name: "equal", old: "a\nb\n", new: "a\nb\n", want: ""},
		{name: "both empty", old: "", new: "", want: ""},
		{name: "empty old", old: "", new: "a\nb\n", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{name: "empty new", old: "a\nb\n", new: "", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{name: "single line", old: "a\n", new: "b\n", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1 +1 @@\n-a\n+b\n"},
		{name: "single line no newline", old: "a", new: "b", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n"},
		{name: "newline added", old: "a\nb", new: "a\nb\n", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"},
		{name: "newline removed", old: "a\nb\n", new: "a\nb", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n"},
		{name: "no newline context", old: "a\nb\nc", new: "A\nb\nc", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1,3 +1,3 @@\n-a\n+A\n b\n c\n\\ No newline at end of file\n"},
		{name: "empty to no newline", old: "", new: "x", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n"},
		{name: "crlf", old: "a\r\nb\r\nc\r\n", new: "a\r\nB\r\nc\r\n", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n"},
		{name: "crlf to lf", old: "a\r\n", new: "a\n", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1 +1 @@\n-a\r\n+a\n"},
		{name: "insert at top", old: ten, new: "0\n" + ten, want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n"},
		{name: "append at end", old: ten, new: ten + "11\n", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -8,3 +8,4 @@\n 8\n 9\n 10\n+11\n"},
		{name: "delete middle", old: ten, new: numberedWith(10, map[int]string{5: ""}), want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -2,7 +2,6 @@\n 2\n 3\n 4\n-5\n 6\n 7\n 8\n"},
		// 6 unchanged lines between two changes: the contexts touch, one hunk.
		{name: "merge at gap 6", old: numbered(20),
			new: numberedWith(20, map[int]string{3: "x\n", 10: "y\n"}),
			want: "--- a/f.rs\n+++ b/f.rs\n" +
				"@@ -1,13 +1,13 @@\n 1\n 2\n-3\n+x\n 4\n 5\n 6\n 7\n 8\n 9\n-10\n+y\n 11\n 12\n 13\n"},
		// 7 unchanged lines: two hunks.
		{name: "split at gap 7", old: numbered(20),
			new: numberedWith(20, map[int]string{3: "x\n", 11: "y\n"}),
			want: "--- a/f.rs\n+++ b/f.rs\n" +
				"@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+x\n 4\n 5\n 6\n" +
				"@@ -8,7 +8,7 @@\n 8\n 9\n 10\n-11\n+y\n 12\n 13\n 14\n"},
		{name: "removed before added", old: "a\nb\nc\n", new: "x\ny\nc\n", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1,3 +1,3 @@\n-a\n-b\n+x\n+y\n c\n"},
		{name: "invalid utf8 kept", old: "\xff\n", new: "\xfe\n", want: "--- a/f.rs\n+++ b/f.rs\n" +
			"@@ -1 +1 @@\n-\xff\n+\xfe\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Unified("f.rs", []byte(tc.old), []byte(tc.new), false)
			if string(got) != tc.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tc.want)
			}
			if tc.want == "" && got != nil {
				t.Errorf("got %q, want nil", got)
			}
			checkApply(t, tc.old, got, tc.new)
		})
	}
}

func TestUnifiedPaths(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"src/main.rs", "--- a/src/main.rs\n+++ b/src/main.rs\n"},
		// A name with a space ends in a tab, as git prints it, for GNU patch.
		{"dir with space/ünï.rs", "--- a/dir with space/ünï.rs\t\n+++ b/dir with space/ünï.rs\t\n"},
		{"tab\there.rs", "--- \"a/tab\\there.rs\"\n+++ \"b/tab\\there.rs\"\n"},
		{`q"uote\.rs`, "--- \"a/q\\\"uote\\\\.rs\"\n+++ \"b/q\\\"uote\\\\.rs\"\n"},
		{"bell\a\x01.rs", "--- \"a/bell\\a\\001.rs\"\n+++ \"b/bell\\a\\001.rs\"\n"},
	} {
		got := string(Unified(tc.path, []byte("a\n"), []byte("b\n"), false))
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("Unified(%q): got headers\n%s\nwant\n%s", tc.path, got, tc.want)
		}
	}
}

func TestUnifiedColorGolden(t *testing.T) {
	old := "fn main() {\r\n    let g = m.lock().unwrap();\r\n    work().await;\r\n}\r\n// end"
	new := "fn main() {\r\n    {\r\n        let g = m.lock().unwrap();\r\n    }\r\n    work().await;\r\n}\r\n// end\n"
	got := Unified("src/main.rs", []byte(old), []byte(new), true)
	golden(t, "color_crlf.diff", got)

	old = numbered(30)
	new = numberedWith(30, map[int]string{2: "two\n", 20: "", 30: "30"})
	got = Unified("src/lib.rs", []byte(old), []byte(new), true)
	golden(t, "color_hunks.diff", got)
	// Without the escapes the coloured diff is the plain one.
	plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAll(got, nil)
	if want := Unified("src/lib.rs", []byte(old), []byte(new), false); !bytes.Equal(plain, want) {
		t.Errorf("coloured diff without escapes:\n%s\nplain diff:\n%s", plain, want)
	}
	for _, l := range strings.SplitAfter(string(got), "\n") {
		if strings.HasPrefix(l, "\x1b[") && !strings.HasSuffix(strings.TrimSuffix(strings.TrimSuffix(l, "\n"), "\r"), ansiReset) {
			t.Errorf("coloured line not reset before its terminator: %q", l)
		}
	}
}

// checkApply applies patch to old with a small Go implementation of patch
// and checks that it gives new; it also checks the hunk headers' counts.
func checkApply(t *testing.T, old string, patch []byte, new string) {
	t.Helper()
	got, err := applyGo(old, string(patch))
	if err != nil {
		t.Fatalf("applying the patch: %v\npatch:\n%s", err, patch)
	}
	if got != new {
		t.Fatalf("patch applied to %q gives %q, want %q\npatch:\n%s", old, got, new, patch)
	}
}

var hunkRE = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// applyGo is a strict applier for the diffs Unified writes: every header
// number must be exact (no offset, no fuzz).
func applyGo(old, patch string) (string, error) {
	if patch == "" {
		return old, nil
	}
	ol := lines(old)
	pl := strings.SplitAfter(patch, "\n")
	if pl[len(pl)-1] != "" {
		return "", fmt.Errorf("patch does not end in a newline")
	}
	pl = pl[:len(pl)-1]
	if len(pl) < 2 || !strings.HasPrefix(pl[0], "--- a/") && !strings.HasPrefix(pl[0], `--- "a/`) ||
		!strings.HasPrefix(pl[1], "+++ b/") && !strings.HasPrefix(pl[1], `+++ "b/`) {
		return "", fmt.Errorf("bad file headers")
	}
	pl = pl[2:]
	var out []string
	oi := 0 // next old line
	atoi := func(s string, def int) int {
		if s == "" {
			return def
		}
		n, _ := strconv.Atoi(s)
		return n
	}
	for len(pl) > 0 {
		m := hunkRE.FindStringSubmatch(strings.TrimSuffix(pl[0], "\n"))
		if m == nil {
			return "", fmt.Errorf("bad hunk header %q", pl[0])
		}
		pl = pl[1:]
		ostart, on, ns, nn := atoi(m[1], 0), atoi(m[2], 1), atoi(m[3], 0), atoi(m[4], 1)
		// The 1-based first line; an empty side names the line before.
		if on > 0 {
			ostart--
		}
		if nn > 0 {
			ns--
		}
		if ostart < oi || ostart > len(ol) {
			return "", fmt.Errorf("hunk at old line %d, already at %d of %d", ostart, oi, len(ol))
		}
		out = append(out, ol[oi:ostart]...)
		oi = ostart
		if len(out) != ns {
			return "", fmt.Errorf("hunk at new line %d, but %d lines written", ns, len(out))
		}
		sawOld, sawNew := 0, 0
		lastSide := byte(0)
		for len(pl) > 0 && !strings.HasPrefix(pl[0], "@@ ") {
			l := pl[0]
			pl = pl[1:]
			switch l[0] {
			case ' ', '-':
				if oi >= len(ol) {
					return "", fmt.Errorf("hunk past the end of the old file")
				}
				if want := strings.TrimSuffix(ol[oi], "\n") + "\n"; l[1:] != want {
					return "", fmt.Errorf("old line %d is %q, patch says %q", oi+1, ol[oi], l)
				}
				if !strings.HasSuffix(ol[oi], "\n") && (len(pl) == 0 || pl[0] != noNewline) {
					return "", fmt.Errorf("old line %d lacks a newline but no marker follows", oi+1)
				}
				if l[0] == ' ' {
					out = append(out, ol[oi])
					sawNew++
				}
				oi++
				sawOld++
			case '+':
				out = append(out, l[1:])
				sawNew++
			case '\\':
				if l != noNewline {
					return "", fmt.Errorf("bad marker %q", l)
				}
				// The previous line has no newline on the side(s) it is on.
				switch lastSide {
				case '+', ' ':
					out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], "\n")
				}
				if lastSide == '-' || lastSide == ' ' {
					if strings.HasSuffix(ol[oi-1], "\n") {
						return "", fmt.Errorf("marker after an old line that has a newline")
					}
				}
				continue
			default:
				return "", fmt.Errorf("bad line %q", l)
			}
			lastSide = l[0]
		}
		if sawOld != on || sawNew != nn {
			return "", fmt.Errorf("hunk -%d,%d +%d,%d has %d old and %d new lines", ostart, on, ns, nn, sawOld, sawNew)
		}
	}
	out = append(out, ol[oi:]...)
	return strings.Join(out, ""), nil
}

// textGen makes random Rust-ish texts with repeated lines (so the diff has
// choices to make), lines that look like diff syntax, CRLF and LF endings,
// with and without a final newline.
type textGen struct{ r *rand.Rand }

var pool = []string{
	"fn main() {", "}", "", "    let g = m.lock().unwrap();", "    work().await;",
	"\t// tab indented", "    ", "ünïcödé → ok", "--- a/x.rs", "+++ b/x.rs", "@@ -1 +1 @@",
	"-", "+", " ", `\ No newline at end of file`, "a\rb", "\xff\xfe invalid", "    drop(g);",
	"use std::sync::Mutex;", "x", "y",
}

func (g textGen) line() string {
	if g.r.IntN(4) == 0 {
		return fmt.Sprintf("line %d", g.r.IntN(1000))
	}
	return pool[g.r.IntN(len(pool))]
}

// eol picks a line ending for mode 0 (LF), 1 (CRLF) or 2 (mixed).
func (g textGen) eol(mode int) string {
	if mode == 1 || mode == 2 && g.r.IntN(2) == 0 {
		return "\r\n"
	}
	return "\n"
}

func (g textGen) text() string {
	var n int
	switch g.r.IntN(6) {
	case 0:
		n = 0
	case 1:
		n = 1
	default:
		n = g.r.IntN(40)
	}
	mode := g.r.IntN(3)
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(g.line())
		b.WriteString(g.eol(mode))
	}
	s := b.String()
	if n > 0 && g.r.IntN(3) == 0 {
		s = strings.TrimSuffix(strings.TrimSuffix(s, "\n"), "\r")
	}
	return s
}

// edit applies a few random line-level and byte-level edits to s.
func (g textGen) edit(s string) string {
	for k := g.r.IntN(5) + 1; k > 0; k-- {
		ls := lines(s)
		mode := g.r.IntN(3)
		switch op := g.r.IntN(8); op {
		case 0, 1, 2: // replace, insert or delete a range of lines
			i := g.r.IntN(len(ls) + 1)
			j := min(len(ls), i+g.r.IntN(4))
			if op == 1 {
				j = i
			}
			var ins []string
			if op != 2 {
				for m := g.r.IntN(4); m > 0; m-- {
					ins = append(ins, g.line()+g.eol(mode))
				}
			}
			ls = append(ls[:i:i], append(ins, ls[j:]...)...)
			s = strings.Join(ls, "")
		case 3: // toggle the final newline
			if strings.HasSuffix(s, "\n") {
				s = strings.TrimSuffix(s, "\n")
			} else {
				s += g.eol(mode)
			}
		case 4: // switch one line between LF and CRLF
			if len(ls) > 0 {
				i := g.r.IntN(len(ls))
				if strings.HasSuffix(ls[i], "\r\n") {
					ls[i] = strings.TrimSuffix(ls[i], "\r\n") + "\n"
				} else if strings.HasSuffix(ls[i], "\n") {
					ls[i] = strings.TrimSuffix(ls[i], "\n") + "\r\n"
				}
				s = strings.Join(ls, "")
			}
		case 5: // byte-level splice, as the engine's edits are
			i := g.r.IntN(len(s) + 1)
			j := min(len(s), i+g.r.IntN(8))
			s = s[:i] + []string{"", "{ ", " }", "\n", "\r\n", "Arc", "tokio::sync::"}[g.r.IntN(7)] + s[j:]
		case 6: // empty the file
			if g.r.IntN(4) == 0 {
				s = ""
			}
		case 7: // swap two lines
			if len(ls) > 1 {
				i, j := g.r.IntN(len(ls)), g.r.IntN(len(ls))
				ls[i], ls[j] = ls[j], ls[i]
				s = strings.Join(ls, "")
			}
		}
	}
	return s
}

type diffCase struct {
	path     string
	old, new string
}

// randomCases returns n deterministic random (old, new) pairs; a few paths
// have spaces, non-ASCII letters or need quoting.
func randomCases(seed uint64, n int) []diffCase {
	g := textGen{rand.New(rand.NewPCG(seed, 0x5e4df1c))}
	var cs []diffCase
	for i := 0; i < n; i++ {
		var path string
		switch i % 7 {
		case 3:
			path = fmt.Sprintf("src/dir %d/ünï_%d.rs", i, i)
		case 5:
			path = fmt.Sprintf("src/q\"t\\%d\t.rs", i)
		default:
			path = fmt.Sprintf("src/case_%03d.rs", i)
		}
		old := g.text()
		new := g.edit(old)
		if i%50 == 0 { // empty files on either side
			if i%100 == 0 {
				old = ""
			} else {
				new = ""
			}
		}
		cs = append(cs, diffCase{path, old, new})
	}
	return cs
}

// TestUnifiedRandomGoApply checks many more random diffs than the git test
// against the strict Go applier: exact hunk positions and counts.
func TestUnifiedRandomGoApply(t *testing.T) {
	n := 5000
	if testing.Short() {
		n = 500
	}
	for i, c := range randomCases(2, n) {
		p := Unified(c.path, []byte(c.old), []byte(c.new), false)
		if (c.old == c.new) != (p == nil) {
			t.Fatalf("case %d: equal=%v but patch %q", i, c.old == c.new, p)
		}
		checkApply(t, c.old, p, c.new)
	}
}

// TestUnifiedGitApply is the property test: for many random (old, new)
// pairs, `git apply` of Unified(old, new) turns old into new exactly, and
// `git apply -R` turns it back. All the patches of a round are
// concatenated into one, as sendfix prints them.
func TestUnifiedGitApply(t *testing.T) {
	g := newGit(t)
	rounds, perRound := 4, 150
	if testing.Short() {
		rounds = 1
	}
	for round := 0; round < rounds; round++ {
		cases := randomCases(uint64(round+100), perRound)
		t.Run(fmt.Sprint("round", round), func(t *testing.T) {
			gitApplyCases(t, g, cases)
		})
	}
}

func gitApplyCases(t *testing.T, g *gitRunner, cases []diffCase) {
	dir := t.TempDir()
	g.must(t, dir, nil, "init", "-q")
	write := func(c diffCase, content string) {
		p := filepath.Join(dir, filepath.FromSlash(c.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := func(want func(diffCase) string, what string) {
		t.Helper()
		for i, c := range cases {
			got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.path)))
			if err != nil {
				t.Fatalf("case %d %s: %v", i, what, err)
			}
			if string(got) != want(c) {
				t.Errorf("case %d (%s) %s: file is\n%q\nwant\n%q\npatch:\n%s", i, c.path, what, got,
					want(c), Unified(c.path, []byte(c.old), []byte(c.new), false))
			}
		}
	}
	var patch bytes.Buffer
	changed := 0
	for _, c := range cases {
		write(c, c.old)
		p := Unified(c.path, []byte(c.old), []byte(c.new), false)
		if p != nil {
			changed++
		}
		patch.Write(p)
	}
	if changed == 0 {
		t.Fatal("no case changes anything")
	}
	g.must(t, dir, nil, "add", "-A")
	g.must(t, dir, nil, "commit", "-q", "-m", "old")
	pf := filepath.Join(dir, ".git", "sendfix.patch")
	if err := os.WriteFile(pf, patch.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	if _, err := g.run(dir, nil, "apply", "--check", pf); err != nil {
		// Find the cases git rejects, one by one.
		for i, c := range cases {
			p := Unified(c.path, []byte(c.old), []byte(c.new), false)
			if p == nil {
				continue
			}
			if _, err := g.run(dir, p, "apply", "--check", "-"); err != nil {
				t.Errorf("case %d: git apply --check rejects the patch of %q → %q:\n%s\n%v", i, c.old, c.new, p, err)
			}
		}
		t.Fatalf("git apply --check of all the patches: %v", err)
	}
	// Patch on stdin, as in `sendfix diff | git apply`.
	g.must(t, dir, patch.Bytes(), "apply", "-")
	check(func(c diffCase) string { return c.new }, "after git apply")
	if t.Failed() {
		return
	}
	g.must(t, dir, nil, "apply", "--check", "-R", pf)
	g.must(t, dir, nil, "apply", "-R", pf)
	check(func(c diffCase) string { return c.old }, "after git apply -R")
	// Back to old: git agrees nothing changed.
	if out := g.must(t, dir, nil, "status", "--porcelain"); len(out) != 0 {
		t.Errorf("git status after apply -R:\n%s", out)
	}
}

// TestUnifiedGNUPatch checks that GNU patch -p1 also applies the
// concatenated patches of random cases, and -R reverts them. It is skipped
// when patch is not installed: git apply is what sendfix promises.
func TestUnifiedGNUPatch(t *testing.T) {
	bin, err := exec.LookPath("patch")
	if err != nil {
		t.Skipf("patch not found: %v", err)
	}
	dir := t.TempDir()
	cases := randomCases(200, 300)
	var patch bytes.Buffer
	for _, c := range cases {
		p := filepath.Join(dir, filepath.FromSlash(c.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c.old), 0o644); err != nil {
			t.Fatal(err)
		}
		patch.Write(Unified(c.path, []byte(c.old), []byte(c.new), false))
	}
	for _, reverse := range []bool{false, true} {
		args := []string{"-p1", "--batch", "--silent", "--no-backup-if-mismatch"}
		if reverse {
			args = append(args, "-R")
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(patch.Bytes())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("patch %v: %v\n%s", args, err, out)
		}
		for i, c := range cases {
			want := c.new
			if reverse {
				want = c.old
			}
			got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.path)))
			if err != nil || string(got) != want {
				t.Errorf("case %d (%q), reverse=%v: %v\n%q\nwant\n%q", i, c.path, reverse, err, got, want)
			}
		}
		if t.Failed() {
			return
		}
	}
}

// hunkHeaderTail strips the function context git adds after a hunk header.
var hunkHeaderTail = regexp.MustCompile(`(?m)^(@@ -\S+ \+\S+ @@).*$`)

// gitDiff returns `git diff --no-index -U3` of old and new from the first
// hunk header on, function contexts stripped.
func gitDiff(t *testing.T, g *gitRunner, old, new string) string {
	t.Helper()
	dir := t.TempDir()
	for name, s := range map[string]string{"old.rs": old, "new.rs": new} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := g.run(dir, nil, "diff", "--no-index", "--no-color", "--no-ext-diff", "-U3",
		"--diff-algorithm=myers", "old.rs", "new.rs")
	if old == new {
		if err != nil {
			t.Fatal(err)
		}
		return ""
	}
	if ge, ok := err.(*gitError); !ok || ge.code != 1 {
		t.Fatalf("git diff --no-index: want exit 1, got %v", err)
	}
	s := string(out)
	i := strings.Index(s, "\n@@ ")
	if i < 0 {
		t.Fatalf("no hunk in git diff output:\n%s", s)
	}
	return hunkHeaderTail.ReplaceAllString(s[i+1:], "$1")
}

func fromFirstHunk(p []byte) string {
	s := string(p)
	if i := strings.Index(s, "\n@@ "); i >= 0 {
		return s[i+1:]
	}
	return s
}

// TestUnifiedMatchesGitDiff compares with git's own diff where the diff is
// unique (so any correct diff algorithm agrees): the table cases and random
// edits of texts whose lines are all distinct, inserting only new lines.
func TestUnifiedMatchesGitDiff(t *testing.T) {
	g := newGit(t)
	ten := numbered(10)
	fixed := []struct{ old, new string }{
		{"", "a\nb\n"},
		{"a\nb\n", ""},
		{"a", "b"},
		{"a\nb", "a\nb\n"},
		{"a\nb\n", "a\nb"},
		{"a\nb\nc", "A\nb\nc"},
		{"", "x"},
		{"a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n"},
		{"a\r\n", "a\n"},
		{ten, "0\n" + ten},
		{ten, ten + "11\n"},
		{ten, numberedWith(10, map[int]string{5: ""})},
		{numbered(20), numberedWith(20, map[int]string{3: "x\n", 10: "y\n"})},
		{numbered(20), numberedWith(20, map[int]string{3: "x\n", 11: "y\n"})},
		{numbered(30), numberedWith(30, map[int]string{2: "two\n", 20: "", 30: "30"})},
	}
	for i, c := range fixed {
		want := gitDiff(t, g, c.old, c.new)
		if got := fromFirstHunk(Unified("f.rs", []byte(c.old), []byte(c.new), false)); got != want {
			t.Errorf("fixed case %d (%q → %q):\ngot:\n%s\ngit diff:\n%s", i, c.old, c.new, got, want)
		}
	}

	r := rand.New(rand.NewPCG(7, 7))
	n := 60
	if testing.Short() {
		n = 15
	}
	for i := 0; i < n; i++ {
		old, new := uniqueEdit(r)
		want := gitDiff(t, g, old, new)
		if got := fromFirstHunk(Unified("f.rs", []byte(old), []byte(new), false)); got != want {
			t.Errorf("random case %d (%q → %q):\ngot:\n%s\ngit diff:\n%s", i, old, new, got, want)
		}
	}
}

// uniqueEdit returns a text of distinct lines and an edit of it that only
// deletes lines and inserts lines that were not there, at random gaps (0 to
// 10 unchanged lines, around the 2*3 merge threshold), maybe toggling the
// final newline and using CRLF.
func uniqueEdit(r *rand.Rand) (string, string) {
	eol := "\n"
	if r.IntN(4) == 0 {
		eol = "\r\n"
	}
	n := r.IntN(40)
	var old, new []string
	fresh := 0
	for i := 0; i < n; {
		gap := r.IntN(11)
		for ; gap > 0 && i < n; gap-- {
			l := fmt.Sprintf("line %d%s", i, eol)
			old, new = append(old, l), append(new, l)
			i++
		}
		del := r.IntN(3)
		ins := r.IntN(3)
		for ; del > 0 && i < n; del-- {
			old = append(old, fmt.Sprintf("line %d%s", i, eol))
			i++
		}
		for ; ins > 0; ins-- {
			new = append(new, fmt.Sprintf("new %d%s", fresh, eol))
			fresh++
		}
	}
	o, w := strings.Join(old, ""), strings.Join(new, "")
	if r.IntN(4) == 0 {
		o = strings.TrimSuffix(o, eol)
	}
	if r.IntN(4) == 0 {
		w = strings.TrimSuffix(w, eol)
	}
	return o, w
}

func FuzzUnified(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\n")
	f.Add("", "x")
	f.Add("x\r\ny", "x\ny\n")
	f.Add(numbered(20), numberedWith(20, map[int]string{9: ""}))
	f.Fuzz(func(t *testing.T, old, new string) {
		p := Unified("f.rs", []byte(old), []byte(new), false)
		if (old == new) != (p == nil) {
			t.Fatalf("equal=%v, patch %q", old == new, p)
		}
		checkApply(t, old, p, new)
	})
}

// BenchmarkUnified measures a 3000-line file with 20 scattered fixes, and
// the worst case of a 5000-line file replaced by 5000 different lines.
func BenchmarkUnified(b *testing.B) {
	repl := map[int]string{}
	for i := 1; i <= 20; i++ {
		repl[i*149] = fmt.Sprintf("    {\n        fixed %d\n    }\n", i)
	}
	old, new := numbered(3000), numberedWith(3000, repl)
	b.Run("scattered", func(b *testing.B) {
		b.SetBytes(int64(len(old)))
		for b.Loop() {
			Unified("f.rs", []byte(old), []byte(new), false)
		}
	})
	var o, n strings.Builder
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&o, "old %d\n", i)
		fmt.Fprintf(&n, "new %d\n", i)
	}
	b.Run("rewrite", func(b *testing.B) {
		for b.Loop() {
			Unified("f.rs", []byte(o.String()), []byte(n.String()), false)
		}
	})
}
