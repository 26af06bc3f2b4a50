package diffout

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sendfix/rewrite"
)

// prFindings: two applied fixes in two files (one also editing
// Cargo.toml), a fix withdrawn to manual, a manual finding whose message
// has Markdown in it, and a fix that was not applied.
func prFindings() []rewrite.Finding {
	fs := []rewrite.Finding{
		{
			Transform: "scope-guard", Path: "src/worker.rs", Line: 12, Col: 13, Applied: true,
			Message: "`done` (std::sync::MutexGuard) is held across the .await at line 15; its scope now ends before it",
			Fix:     &rewrite.Fix{Message: "end the guard's scope before the .await", Edits: []rewrite.Edit{{Start: 1, End: 1, New: "{"}}},
		},
		{
			Transform: "async-mutex", Path: "src/pool.rs", Line: 30, Col: 9, Applied: true,
			Message: "`conns` (std::sync::MutexGuard) is used after the .await at line 33: `Pool::conns` becomes tokio::sync::Mutex",
			Fix: &rewrite.Fix{Message: "switch Pool::conns to tokio::sync::Mutex", Edits: []rewrite.Edit{
				{Start: 1, End: 2, New: "x"}, {Path: "Cargo.toml", Start: 0, End: 0, New: "y"},
			}},
		},
		{
			Transform: "scope-guard", Path: "src/worker.rs", Line: 40, Col: 13,
			Message: "`g` (std::sync::MutexGuard) is used after the .await at line 44: cannot fix automatically by scoping; it needs an async-aware mutex (tokio::sync::Mutex)",
		},
		{
			Transform: "send-bound", Path: "src/lib.rs", Line: 7, Col: 5,
			Message: "Box<dyn Error> held across an await\nin fn *run* [see docs] | a_b",
		},
		{
			Transform: "scope-guard", Path: "src/lib.rs", Line: 3, Col: 5,
			Message: "`s` (std::cell::RefMut) is held across the .await at line 5; its scope now ends before it",
			Fix:     &rewrite.Fix{Message: "end the borrow's scope", Edits: []rewrite.Edit{{Start: 0, End: 0, New: "{"}}},
		},
	}
	Sort(fs)
	return fs
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "prbody", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n%s", path, Unified(path, want, []byte(got), false))
	}
}

func TestPRBodyGolden(t *testing.T) {
	transforms := []*rewrite.Transform{{Name: "scope-guard", Doc: "scope-guard: end a guard's scope"}}
	tests := []struct {
		name string
		fs   []rewrite.Finding
		opt  PROptions
	}{
		{"mixed.md", prFindings(), PROptions{Command: "fix", Transforms: transforms}},
		{"clean.md", nil, PROptions{Command: "diff"}},
		{"manual_only.md", manualOnly(), PROptions{Command: "diff"}},
		{"interactive.md", prFindings(), PROptions{Command: "fix", Skipped: func(f rewrite.Finding) bool {
			return f.Path == "src/lib.rs"
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, body := PRBody(tt.fs, tt.opt)
			first, _, _ := strings.Cut(body, "\n")
			if first != "<!-- title: "+title+" -->" {
				t.Errorf("first line %q does not carry the title %q", first, title)
			}
			if strings.Contains(title, "\n") || title == "" {
				t.Errorf("title %q", title)
			}
			checkGolden(t, tt.name, body)
			// Deterministic: same input, same bytes.
			if _, again := PRBody(tt.fs, tt.opt); again != body {
				t.Error("PRBody is not deterministic")
			}
		})
	}
}

func TestPRTitle(t *testing.T) {
	for _, tt := range []struct {
		changes, files, manual int
		want                   string
	}{
		{1, 1, 0, "sendfix: make futures Send (1 fix in 1 file)"},
		{3, 2, 1, "sendfix: make futures Send (3 fixes in 2 files, 1 finding left)"},
		{0, 0, 2, "sendfix: no automatic fix; 2 findings need a manual fix"},
		{0, 0, 0, "sendfix: nothing to fix"},
	} {
		if got := prTitle(tt.changes, tt.files, tt.manual); got != tt.want {
			t.Errorf("prTitle(%d, %d, %d) = %q, want %q", tt.changes, tt.files, tt.manual, got, tt.want)
		}
	}
}

func TestMDText(t *testing.T) {
	for in, want := range map[string]string{
		"Box<dyn Error>":            "Box&lt;dyn Error&gt;",
		"`Box<dyn Error>` is *not*": "`Box<dyn Error>` is \\*not\\*",
		"a_b [x] | y":               "a\\_b \\[x\\] \\| y",
		"odd ` tick":                "odd \\` tick",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}

func manualOnly() []rewrite.Finding {
	var out []rewrite.Finding
	for _, f := range prFindings() {
		if f.Fix == nil {
			out = append(out, f)
		}
	}
	return out
}
