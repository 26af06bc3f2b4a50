package diffout

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"sendfix/rewrite"
)

// sampleFindings covers a fixable and a manual finding, several edits,
// characters GitHub and JSON escape, a multi-line message, and an order
// that Sort has to change.
func sampleFindings() []rewrite.Finding {
	return []rewrite.Finding{
		{
			Transform: "scope-guard", Path: "src/main.rs", Start: 120, End: 146, Line: 7, Col: 9,
			Message: "std::sync::MutexGuard `g` is held across an .await",
			Fix: &rewrite.Fix{
				Message: "end the guard's scope before the .await",
				Edits: []rewrite.Edit{
					{Start: 116, End: 116, New: "{\n        "},
					{Start: 170, End: 170, New: "\n    }"},
				},
			},
		},
		{
			Transform: "async-mutex", Path: "src/lib.rs", Start: 300, End: 310, Line: 20, Col: 5,
			Message: "cannot fix automatically: lock site in a non-async fn\nat src/lib.rs:40: fn sync_helper",
		},
		{
			Transform: "send-bound", Path: "src/lib.rs", Start: 80, End: 95, Line: 4, Col: 17,
			Message: "Box<dyn Error> held across an await: 100% not Send, a,b:c",
			Fix: &rewrite.Fix{
				Message: "add + Send + Sync",
				Edits:   []rewrite.Edit{{Start: 94, End: 94, New: " + Send + Sync"}},
			},
		},
		{
			Transform: "rc-to-arc", Path: "src/lib.rs", Start: 80, End: 82, Line: 4, Col: 17,
			Message: "Rc<T> moved into tokio::spawn\r\n",
			Fix:     &rewrite.Fix{Message: "use Arc", Edits: []rewrite.Edit{{Start: 80, End: 82, New: "Arc"}}},
		},
		{
			Transform: "scope-guard", Path: "src/a,b:c%.rs", Start: 0, End: 1, Line: 1, Col: 1,
			Message: "guard",
		},
	}
}

func TestSort(t *testing.T) {
	fs := sampleFindings()
	Sort(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Path+" "+f.Transform)
	}
	want := []string{
		"src/a,b:c%.rs scope-guard",
		"src/lib.rs rc-to-arc",
		"src/lib.rs send-bound",
		"src/lib.rs async-mutex",
		"src/main.rs scope-guard",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Sort order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Stable: equal keys keep their order.
	dup := []rewrite.Finding{
		{Path: "a", Message: "m", Start: 1},
		{Path: "a", Message: "m", Start: 2},
	}
	Sort(dup)
	if dup[0].Start != 1 {
		t.Error("Sort is not stable")
	}
}

func TestFindingsGolden(t *testing.T) {
	fs := sampleFindings()
	Sort(fs)
	for _, tc := range []struct {
		name string
		fn   func(w *bytes.Buffer, fs []rewrite.Finding) error
	}{
		{"findings.txt", func(w *bytes.Buffer, fs []rewrite.Finding) error { return Text(w, fs) }},
		{"findings.json", func(w *bytes.Buffer, fs []rewrite.Finding) error { return JSON(w, fs) }},
		{"findings.github", func(w *bytes.Buffer, fs []rewrite.Finding) error { return GitHub(w, fs) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.fn(&b, fs); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, b.Bytes())
		})
	}
}

func TestFindingsEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := Text(&b, nil); err != nil || b.Len() != 0 {
		t.Errorf("Text(nil) = %q, %v", b.String(), err)
	}
	if err := GitHub(&b, nil); err != nil || b.Len() != 0 {
		t.Errorf("GitHub(nil) = %q, %v", b.String(), err)
	}
	if err := JSON(&b, nil); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"version\": 1,\n  \"findings\": []\n}\n"; b.String() != want {
		t.Errorf("JSON(nil) = %q, want %q", b.String(), want)
	}
}

// TestJSONRoundTrip checks the JSON document against the findings it came
// from, through a decoder that rejects unknown keys.
func TestJSONRoundTrip(t *testing.T) {
	fs := sampleFindings()
	var b bytes.Buffer
	if err := JSON(&b, fs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version  int `json:"version"`
		Findings []struct {
			Path       string `json:"path"`
			Line       int    `json:"line"`
			Column     int    `json:"column"`
			Start      int    `json:"start"`
			End        int    `json:"end"`
			Transform  string `json:"transform"`
			Message    string `json:"message"`
			Fixable    bool   `json:"fixable"`
			FixMessage string `json:"fixMessage"`
			Edits      []struct {
				Start int    `json:"start"`
				End   int    `json:"end"`
				New   string `json:"new"`
			} `json:"edits"`
		} `json:"findings"`
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) != len(fs) {
		t.Fatalf("version %d, %d findings", doc.Version, len(doc.Findings))
	}
	for i, f := range fs {
		g := doc.Findings[i]
		if g.Path != f.Path || g.Line != f.Line || g.Column != f.Col || g.Start != f.Start ||
			g.End != f.End || g.Transform != f.Transform || g.Message != f.Message ||
			g.Fixable != (f.Fix != nil) || g.Edits == nil {
			t.Errorf("finding %d: %+v from %+v", i, g, f)
		}
		if f.Fix == nil {
			if len(g.Edits) != 0 || g.FixMessage != "" {
				t.Errorf("finding %d: manual finding has a fix: %+v", i, g)
			}
			continue
		}
		if g.FixMessage != f.Fix.Message || len(g.Edits) != len(f.Fix.Edits) {
			t.Fatalf("finding %d: fix %+v from %+v", i, g, f.Fix)
		}
		for j, e := range f.Fix.Edits {
			if ge := g.Edits[j]; ge.Start != e.Start || ge.End != e.End || ge.New != e.New {
				t.Errorf("finding %d edit %d: %+v from %+v", i, j, ge, e)
			}
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"%0A", "%250A", "%250A"}, // a literal %0A must not become a newline
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
	// Every command is one line, whatever the message holds.
	var b bytes.Buffer
	if err := GitHub(&b, sampleFindings()); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if !strings.HasPrefix(l, "::warning file=") || strings.Contains(l, "\r") {
			t.Errorf("bad command line %q", l)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	fs := sampleFindings()
	for name, fn := range map[string]func() error{
		"Text":   func() error { return Text(failWriter{}, fs) },
		"JSON":   func() error { return JSON(failWriter{}, fs) },
		"GitHub": func() error { return GitHub(failWriter{}, fs) },
	} {
		if err := fn(); err == nil {
			t.Errorf("%s: write error not returned", name)
		}
	}
}
