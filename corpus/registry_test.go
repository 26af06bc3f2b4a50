package corpus

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"sendfix/rewrite"
	"sendfix/transforms"
)

var update = flag.Bool("update", false, "rewrite testdata/registry-edits.txt from this machine's registry (reviews of kept entries are preserved)")

// defaultRegistry is where Debian's librust-*-dev packages put crate sources.
const defaultRegistry = "/usr/share/cargo/registry"

const editsFile = "testdata/registry-edits.txt"

// errorsFile lists, per crate, the files the engine reports an error on
// (mostly syntax tree-sitter cannot parse), by kind and count.
const errorsFile = "testdata/registry-errors.txt"

// allPrefix marks entries that appear only when futures that need not be
// Send are checked too (sendfix --all).
const allPrefix = "all: "

func registryDir() string {
	if d := os.Getenv("SENDFIX_REGISTRY"); d != "" {
		return d
	}
	return defaultRegistry
}

// crateDirs lists the crate directories of the registry, sorted.
func crateDirs(root string) []string {
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			out = append(out, filepath.Join(root, e.Name()))
		}
	}
	sort.Strings(out)
	return out
}

// TestRegistryCorpus runs every transform over every crate of the registry,
// in-process: no file may hit an internal error, every new text must parse
// when the old one did, a second run over the new text must change nothing,
// the findings must be exactly the reviewed list in
// testdata/registry-edits.txt, and the per-crate counts of files with
// errors exactly testdata/registry-errors.txt (both restricted to the
// crates installed here).
func TestRegistryCorpus(t *testing.T) {
	root := registryDir()
	dirs := crateDirs(root)
	if len(dirs) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no crate sources under %s: CI installs them (librust-tokio-dev, ...)", root)
		}
		t.Skipf("no crate sources under %s (apt-get install librust-tokio-dev)", root)
	}
	present := map[string]bool{}
	for _, d := range dirs {
		present[filepath.Base(d)] = true
	}

	files, err := rewrite.Discover(dirs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, f := range files {
		if info, err := os.Stat(f.Disk); err == nil {
			size += info.Size()
		}
	}

	sendOnly := scanRegistry(t, root, dirs, false)
	withAll := scanRegistry(t, root, dirs, true)
	seen := map[string]bool{}
	var got []string
	for _, e := range sendOnly.entries {
		seen[e] = true
		got = append(got, e)
	}
	for _, e := range withAll.entries {
		if !seen[e] {
			got = append(got, allPrefix+e)
		}
	}
	t.Logf("%d crates, %d files, %d KiB: %d findings (%d fixable, %d manual), %d more with --all, %d changed files, %d files with errors",
		len(dirs), len(files), size/1024, sendOnly.findings, sendOnly.fixable, sendOnly.findings-sendOnly.fixable,
		len(got)-len(sendOnly.entries), sendOnly.changed, sendOnly.errFiles)
	compareErrors(t, sendOnly.errors, present)

	want, err := readEdits(editsFile)
	if err != nil && !*update {
		t.Fatalf("%v (run go test ./corpus -run TestRegistryCorpus -update to create it)", err)
	}
	if *update {
		if err := writeEdits(editsFile, want, got, present); err != nil {
			t.Fatal(err)
		}
		want, err = readEdits(editsFile)
		if err != nil {
			t.Fatal(err)
		}
	}

	// Compare, for the crates installed on this machine.
	wantSet := map[string]bool{}
	absent := 0
	for _, e := range want.entries {
		if !present[crateOf(e.line)] {
			absent++
			continue
		}
		wantSet[e.line] = true
	}
	if absent > 0 {
		t.Logf("%d expected entries are for crates not installed here; not checked", absent)
	}
	gotSet := map[string]bool{}
	for _, g := range got {
		gotSet[g] = true
		if !wantSet[g] {
			t.Errorf("new finding (review it and add it to %s, or run -update):\n  %s", editsFile, g)
		}
	}
	for _, e := range want.entries {
		if wantSet[e.line] && !gotSet[e.line] {
			t.Errorf("expected finding is gone (run -update if that is right):\n  %s", e.line)
		}
	}
	for _, e := range want.entries {
		switch {
		case e.verdict == "WRONG":
			t.Logf("known false positive: %s", e.line)
		case e.verdict == "":
			t.Errorf("%s: entry has no review: put a `# reason: ...` (or `# WRONG: ...`) line above it:\n  %s", editsFile, e.line)
		}
	}
}

type scanStats struct {
	entries           []string
	findings, fixable int
	changed           int
	errors            map[string]int // "CRATE: KIND" → files
	errFiles          int
}

// scanRegistry runs the engine over the crates and checks each result.
func scanRegistry(t *testing.T, root string, dirs []string, all bool) scanStats {
	t.Helper()
	st := scanStats{errors: map[string]int{}}
	var changed []*rewrite.FileResult
	cfg := rewrite.Config{Paths: dirs, Transforms: transforms.All(), All: all}
	err := rewrite.Run(context.Background(), cfg, func(r *rewrite.FileResult) error {
		rel := relTo(root, r.Disk)
		if r.Err != nil {
			msg := strings.ReplaceAll(r.Err.Error(), root+"/", "")
			if strings.Contains(msg, "internal error") {
				t.Errorf("all=%v: %s", all, msg)
			} else {
				st.errors[crateOf(rel)+": "+errorKind(msg)]++
				st.errFiles++
			}
		}
		for _, f := range r.Findings {
			st.findings++
			if f.Fix != nil {
				st.fixable++
			}
			st.entries = append(st.entries, fmt.Sprintf("%s:%d: %s: %s", rel, f.Line, f.Transform, f.Message))
		}
		if r.Changed() {
			st.changed++
			if parses(r.Old) && !parses(r.New) {
				t.Errorf("all=%v: %s: the fixed text does not parse", all, rel)
			}
			changed = append(changed, r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range changed {
		checkIdempotent(t, root, r, all)
	}
	return st
}

// checkIdempotent runs the engine again over a fixed file, in a copy of
// its crate's layout (so the edition comes from the same Cargo.toml).
func checkIdempotent(t *testing.T, root string, r *rewrite.FileResult, all bool) {
	t.Helper()
	rel := relTo(root, r.Disk)
	tmp := t.TempDir()
	file := filepath.Join(tmp, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if m, err := os.ReadFile(filepath.Join(root, crateOf(rel), "Cargo.toml")); err == nil {
		if err := os.WriteFile(filepath.Join(tmp, crateOf(rel), "Cargo.toml"), m, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(file, r.New, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := rewrite.Config{Paths: []string{file}, Transforms: transforms.All(), Jobs: 1, All: all}
	err := rewrite.Run(context.Background(), cfg, func(r2 *rewrite.FileResult) error {
		if r2.Err != nil && strings.Contains(r2.Err.Error(), "internal error") {
			t.Errorf("all=%v: second run over the fixed %s: %v", all, rel, r2.Err)
		}
		if r2.Changed() {
			t.Errorf("all=%v: a second run over the fixed %s changes it again", all, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func parses(src []byte) bool {
	tree := rewrite.Parse(src)
	defer tree.Close()
	return !tree.RootNode().HasError()
}

func relTo(root, disk string) string {
	if rel, err := filepath.Rel(root, disk); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(disk)
}

// crateOf returns the crate directory an entry or path names.
func crateOf(line string) string {
	line = strings.TrimPrefix(line, allPrefix)
	if i := strings.IndexByte(line, '/'); i > 0 {
		return line[:i]
	}
	return ""
}

// The expectation file: a header of comment lines, then entries, each
// preceded by its review comments ("# reason: ..." or "# WRONG: ...").
type editList struct {
	header  []string
	entries []entry
}

type entry struct {
	line     string
	comments []string
	verdict  string // "reason", "WRONG" or "" (not reviewed)
}

func readEdits(path string) (editList, error) {
	var out editList
	data, err := os.ReadFile(path)
	if err != nil {
		return out, err
	}
	var pending []string
	inHeader := true
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "":
			if inHeader {
				out.header = append(out.header, pending...)
				pending = nil
				inHeader = false
			}
			// A blank line between a review and its entry is allowed.
		case strings.HasPrefix(line, "#"):
			pending = append(pending, line)
		default:
			e := entry{line: line, comments: pending}
			for _, c := range pending {
				switch {
				case strings.HasPrefix(c, "# WRONG:"):
					e.verdict = "WRONG"
				case strings.HasPrefix(c, "# reason:") && e.verdict == "":
					e.verdict = "reason"
				}
			}
			out.entries = append(out.entries, e)
			pending = nil
			inHeader = false
		}
	}
	return out, sc.Err()
}

var defaultHeader = []string{
	"# The findings sendfix reports on Debian's Rust crate sources (/usr/share/cargo/registry),",
	"# checked by TestRegistryCorpus. One line per finding: CRATE/PATH:LINE: TRANSFORM: MESSAGE.",
	"# An entry that starts with \"all: \" appears only with --all (futures that need not be Send).",
	"# (Files the engine reports an error on are counted per crate in registry-errors.txt.)",
	"# These crates compile, so every edit must be justified: each entry has a review line above",
	"# it, \"# reason: ...\" (why the edit is right) or \"# WRONG: ...\" (a false positive to fix).",
	"# Entries for crates not installed on a machine are not checked there.",
	"# Regenerate: go test ./corpus -run TestRegistryCorpus -update (reviews of kept entries stay).",
}

// writeEdits writes the entries got (for the crates present here), keeping
// the reviews of old entries and the entries of crates not installed here.
func writeEdits(path string, old editList, got []string, present map[string]bool) error {
	reviews := map[string][]string{}
	for _, e := range old.entries {
		reviews[e.line] = e.comments
	}
	lines := append([]string(nil), got...)
	for _, e := range old.entries {
		if !present[crateOf(e.line)] {
			lines = append(lines, e.line)
		}
	}
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := strings.TrimPrefix(lines[i], allPrefix), strings.TrimPrefix(lines[j], allPrefix)
		return a < b
	})
	var b strings.Builder
	header := old.header
	if len(header) == 0 {
		header = defaultHeader
	}
	for _, h := range header {
		b.WriteString(h + "\n")
	}
	for _, l := range lines {
		b.WriteString("\n")
		c := reviews[l]
		if len(c) == 0 {
			c = []string{"# UNREVIEWED: say why this edit is right (# reason: ...) or mark it # WRONG: ..."}
		}
		for _, x := range c {
			b.WriteString(x + "\n")
		}
		b.WriteString(l + "\n")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// errCrate returns the crate an errorsFile line is about.
func errCrate(line string) string {
	crate, _, _ := strings.Cut(line, ": ")
	return crate
}

// errorKind names the kind of a file error, without the file's position.
func errorKind(msg string) string {
	switch {
	case strings.Contains(msg, "syntax error"):
		return "syntax error (tree-sitter could not parse)"
	case strings.Contains(msg, "not valid UTF-8"):
		return "not valid UTF-8"
	case strings.Contains(msg, "byte limit"):
		return "over the size limit"
	}
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// compareErrors checks the per-crate error counts against errorsFile
// (rewritten by -update, keeping the lines of crates not installed here).
func compareErrors(t *testing.T, got map[string]int, present map[string]bool) {
	t.Helper()
	var lines []string
	for k, n := range got {
		lines = append(lines, fmt.Sprintf("%s in %d file(s)", k, n))
	}
	var header, want []string
	if data, err := os.ReadFile(errorsFile); err == nil {
		for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
			switch {
			case strings.HasPrefix(l, "#"):
				header = append(header, l)
			case strings.TrimSpace(l) != "":
				want = append(want, l)
			}
		}
	} else if !*update {
		t.Fatalf("%v (run go test ./corpus -run TestRegistryCorpus -update to create it)", err)
	}
	if *update {
		for _, l := range want {
			if !present[errCrate(l)] {
				lines = append(lines, l)
			}
		}
		sort.Strings(lines)
		if len(header) == 0 {
			header = []string{
				"# Files of Debian's crate sources (/usr/share/cargo/registry) that the engine reports an",
				"# error on, counted per crate and kind; checked by TestRegistryCorpus, regenerated by -update.",
				"# Almost all are Rust that tree-sitter-rust cannot parse; the engine leaves those parts alone.",
			}
		}
		out := strings.Join(header, "\n") + "\n" + strings.Join(lines, "\n") + "\n"
		if err := os.WriteFile(errorsFile, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	wantSet := map[string]bool{}
	for _, l := range want {
		if present[errCrate(l)] {
			wantSet[l] = true
		}
	}
	gotSet := map[string]bool{}
	for _, l := range lines {
		gotSet[l] = true
		if !wantSet[l] {
			t.Errorf("file errors changed (run -update if that is right): %s", l)
		}
	}
	for l := range wantSet {
		if !gotSet[l] {
			t.Errorf("file errors changed (run -update if that is right): no longer %s", l)
		}
	}
}
