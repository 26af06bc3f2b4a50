package scopeguard

// Ground-truth test: clippy's await_holding_lock / await_holding_refcell_ref UI
// tests, with the guards that rustc 1.95 rejects when the future must be Send
// (testdata/clippy/expect.txt; see testdata/clippy/README.md for how that list
// was produced). scope-guard must report exactly those guards, on the line of
// the guard's `let` binding, like clippy does.

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"sendfix/rewrite"
)

const clippyDir = "../../testdata/clippy"

// clippyFiles are the UI test inputs; expect.txt may name more.
var clippyFiles = []string{"await_holding_lock.rs", "await_holding_refcell_ref.rs"}

type clippyExpect struct {
	line int
	col  int // column of the binding from the note ("col N"), 0 if absent
	note string
}

type clippyTruth struct {
	want  map[string]map[int]clippyExpect // file -> line -> expected finding
	never map[string]map[int]string       // file -> line -> reason it must not be reported
}

var (
	clippyEntryRE = regexp.MustCompile(`^([^\s:#]+\.rs):(\d+):\s*(.*)$`)
	clippyColRE   = regexp.MustCompile(`\bcol (\d+)\b`)
)

func readClippyTruth(t *testing.T) clippyTruth {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(clippyDir, "expect.txt"))
	if err != nil {
		t.Fatalf("ground truth: %v", err)
	}
	tr := clippyTruth{want: map[string]map[int]clippyExpect{}, never: map[string]map[int]string{}}
	inNever := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			inNever = false
		case strings.HasPrefix(line, "#"):
			body := strings.TrimSpace(strings.TrimPrefix(line, "#"))
			if strings.HasPrefix(body, "not rejected by rustc:") {
				inNever = true
				continue
			}
			if inNever {
				if m := clippyEntryRE.FindStringSubmatch(body); m != nil {
					ln, _ := strconv.Atoi(m[2])
					if tr.never[m[1]] == nil {
						tr.never[m[1]] = map[int]string{}
					}
					tr.never[m[1]][ln] = m[3]
				}
			}
		default:
			m := clippyEntryRE.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("expect.txt:%d: want FILE:LINE: note, got %q", n, line)
			}
			ln, _ := strconv.Atoi(m[2])
			e := clippyExpect{line: ln, note: m[3]}
			if c := clippyColRE.FindStringSubmatch(m[3]); c != nil {
				e.col, _ = strconv.Atoi(c[1])
			}
			if tr.want[m[1]] == nil {
				tr.want[m[1]] = map[int]clippyExpect{}
			}
			if _, dup := tr.want[m[1]][ln]; dup {
				t.Fatalf("expect.txt:%d: %s:%d listed twice", n, m[1], ln)
			}
			tr.want[m[1]][ln] = e
		}
	}
	if len(tr.want) == 0 {
		t.Fatal("expect.txt lists no findings")
	}
	return tr
}

// clippyLineCol is the 1-based line and column (in bytes) of off in src.
func clippyLineCol(src []byte, off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(src) {
		off = len(src)
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	col := off - (bytes.LastIndexByte(src[:off], '\n') + 1) + 1
	return line, col
}

// clippySrcLine is line n of src (1-based), trimmed.
func clippySrcLine(src []byte, n int) string {
	lines := bytes.Split(src, []byte{'\n'})
	if n < 1 || n > len(lines) {
		return "<no such line>"
	}
	return strings.TrimSpace(string(lines[n-1]))
}

func clippySnippet(src []byte, start, end int) string {
	if start < 0 || end > len(src) || start > end {
		return fmt.Sprintf("<bad range %d..%d>", start, end)
	}
	s := string(src[start:end])
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "…"
	}
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return s
}

func TestClippyAwaitHolding(t *testing.T) {
	truth := readClippyTruth(t)
	files := append([]string(nil), clippyFiles...)
	for f := range truth.want {
		if !clippyContains(files, f) {
			files = append(files, f)
		}
	}
	sort.Strings(files)

	for _, name := range files {
		path := filepath.Join(clippyDir, name)
		src, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			t.Skipf("%s is not in this checkout (the upstream clippy test files may be kept out of the repository; see testdata/clippy/README.md)", path)
		}
		if err != nil {
			t.Fatal(err)
		}
		// rustc gives the same verdicts under 2018, 2021 and 2024 for these files.
		for _, edition := range []string{"2021", "2024"} {
			t.Run(name+"/"+edition, func(t *testing.T) {
				checkClippyFile(t, path, name, edition, src, truth)
			})
		}
	}
}

func checkClippyFile(t *testing.T, path, name, edition string, src []byte, truth clippyTruth) {
	f, err := rewrite.NewFile(path, src, edition)
	if err != nil {
		t.Fatalf("NewFile(%s): %v", path, err)
	}
	defer f.Close()
	// Plain async fns with no spawn around them: ask for every future, as
	// the ground truth is "rejected when Send is required".
	f.All = true
	findings := Transform.Run(f)

	want := truth.want[name]
	got := map[int][]rewrite.Finding{}
	for _, fd := range findings {
		ln, col := clippyLineCol(src, fd.Start)
		got[ln] = append(got[ln], fd)
		t.Logf("finding %s:%d:%d [%s] %q fix=%v: %s", name, ln, col, fd.Transform,
			clippySnippet(src, fd.Start, fd.End), fd.Fix != nil, fd.Message)
	}

	var missing, unexpected []int
	for ln := range want {
		if len(got[ln]) == 0 {
			missing = append(missing, ln)
		}
	}
	for ln := range got {
		if _, ok := want[ln]; !ok {
			unexpected = append(unexpected, ln)
		}
	}
	sort.Ints(missing)
	sort.Ints(unexpected)

	for _, ln := range missing {
		t.Errorf("missing   %s:%d: %s\n\t\tsource: %s", name, ln, want[ln].note, clippySrcLine(src, ln))
	}
	for _, ln := range unexpected {
		why := "rustc names no guard on this line"
		if r, ok := truth.never[name][ln]; ok {
			why = "rustc accepts this (clippy-only finding): " + r
		}
		for _, fd := range got[ln] {
			t.Errorf("unexpected %s:%d: %s (%s)\n\t\tsource: %s", name, ln, fd.Message, why, clippySrcLine(src, ln))
		}
	}

	// Precision below the line: clippy and rustc point at the binding pattern.
	// A different column is only logged, as the contract is the line.
	for ln, e := range want {
		if e.col == 0 || len(got[ln]) == 0 {
			continue
		}
		match := false
		var cols []string
		for _, fd := range got[ln] {
			_, col := clippyLineCol(src, fd.Start)
			cols = append(cols, strconv.Itoa(col))
			match = match || col == e.col
		}
		if !match {
			t.Logf("note: %s:%d: finding at column %s, clippy/rustc point at column %d (%s)",
				name, ln, strings.Join(cols, ","), e.col, clippySrcLine(src, ln))
		}
	}
	for ln, fds := range got {
		if len(fds) > 1 {
			t.Logf("note: %s:%d: %d findings on one line", name, ln, len(fds))
		}
	}
	if len(missing) == 0 && len(unexpected) == 0 {
		t.Logf("%s (edition %s): all %d rustc-rejected guards found, nothing else", name, edition, len(want))
	}
}

func clippyContains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
