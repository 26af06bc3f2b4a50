package rewrite

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		comment string
		ok      bool
		kind    directiveKind
		names   []string
	}{
		{"// sendfix:ignore", true, dirLine, nil},
		{"//sendfix:ignore", true, dirLine, nil},
		{"/* sendfix:ignore */", true, dirLine, nil},
		{"// sendfix:ignore scope-guard", true, dirLine, []string{"scope-guard"}},
		{"// sendfix:ignore scope-guard,async-mutex -- held on purpose", true, dirLine, []string{"async-mutex", "scope-guard"}},
		{"// sendfix:ignore scope-guard, async-mutex", true, dirLine, []string{"async-mutex", "scope-guard"}},
		{"// sendfix:ignore: scope-guard", true, dirLine, []string{"scope-guard"}},
		{"// sendfix:ignore -- reason only", true, dirLine, nil},
		{"// sendfix:ignore-item", true, dirItem, nil},
		{"/// sendfix:ignore-item rc-to-arc", true, dirItem, []string{"rc-to-arc"}},
		{"// sendfix:ignore-file", true, dirFile, nil},
		{"// sendfix:ignored", false, 0, nil},
		{"// sendfix:ignore-items", false, 0, nil},
		{"// do not sendfix:ignore this", false, 0, nil},
		{"// TODO", false, 0, nil},
	}
	for _, tt := range tests {
		kind, names, ok := parseDirective(tt.comment)
		if ok != tt.ok {
			t.Errorf("%q: ok = %v, want %v", tt.comment, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		var got []string
		for n := range names {
			got = append(got, n)
		}
		sortStrings(got)
		if kind != tt.kind || !reflect.DeepEqual(got, tt.names) {
			t.Errorf("%q: kind %v names %v, want %v %v", tt.comment, kind, got, tt.kind, tt.names)
		}
	}
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

// markPass reports every `LOCK` in a file; its fix rewrites it to `done`.
func markPass(name string) *Transform {
	return &Transform{Name: name, Run: func(f *File) []Finding {
		var out []Finding
		for at := 0; ; {
			i := bytes.Index(f.Src[at:], []byte("LOCK"))
			if i < 0 {
				return out
			}
			i += at
			at = i + 4
			out = append(out, Finding{Start: i, End: i + 4, Message: "lock", Fix: &Fix{Message: "done", Edits: []Edit{{Start: i, End: i + 4, New: "done"}}}})
		}
	}}
}

func TestSuppressions(t *testing.T) {
	passes := []*Transform{markPass("scope-guard"), markPass("rc-to-arc")}
	tests := []struct {
		name, src string
		// want: the lines (1-based) still reported, per transform
		want map[string][]int
	}{
		{
			name: "same line",
			src:  "fn f() {\n    let a = LOCK; // sendfix:ignore\n    let b = LOCK;\n}\n",
			want: map[string][]int{"scope-guard": {3}, "rc-to-arc": {3}},
		},
		{
			name: "line before, skipping comments",
			src:  "fn f() {\n    // sendfix:ignore -- on purpose\n    // (really)\n    let a = LOCK;\n    let b = LOCK;\n}\n",
			want: map[string][]int{"scope-guard": {5}, "rc-to-arc": {5}},
		},
		{
			name: "named transforms",
			src:  "fn f() {\n    let a = LOCK; // sendfix:ignore rc-to-arc\n}\n",
			want: map[string][]int{"scope-guard": {2}},
		},
		{
			name: "line form covers one line only",
			src:  "fn f() {\n    // sendfix:ignore\n    g(LOCK,\n      LOCK);\n}\n",
			want: map[string][]int{"scope-guard": {4}, "rc-to-arc": {4}},
		},
		{
			name: "item form covers the fn, after attributes and docs",
			src:  "// sendfix:ignore-item scope-guard\n/// docs\n#[inline]\nfn f() {\n    let a = LOCK;\n    let b = LOCK;\n}\nfn g() { LOCK; }\n",
			want: map[string][]int{"scope-guard": {8}, "rc-to-arc": {5, 6, 8}},
		},
		{
			name: "item form on a statement",
			src:  "fn f() {\n    // sendfix:ignore-item\n    spawn(async move {\n        LOCK;\n    });\n    LOCK;\n}\n",
			want: map[string][]int{"scope-guard": {6}, "rc-to-arc": {6}},
		},
		{
			name: "item form in an impl",
			src:  "impl A {\n    // sendfix:ignore-item\n    fn f() { LOCK; }\n    fn g() { LOCK; }\n}\n",
			want: map[string][]int{"scope-guard": {4}, "rc-to-arc": {4}},
		},
		{
			name: "file form",
			src:  "// sendfix:ignore-file rc-to-arc\nfn f() { LOCK; }\nfn g() { LOCK; }\n",
			want: map[string][]int{"scope-guard": {2, 3}},
		},
		{
			name: "a directive in a string is not one",
			src:  "fn f() {\n    let s = \"// sendfix:ignore\"; let a = LOCK;\n}\n",
			want: map[string][]int{"scope-guard": {2}, "rc-to-arc": {2}},
		},
		{
			name: "block comment before code on the line",
			src:  "fn f() {\n    /* sendfix:ignore */ let a = LOCK;\n    let b = LOCK;\n}\n",
			want: map[string][]int{"scope-guard": {3}, "rc-to-arc": {3}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, fs, err := FixSource("a.rs", []byte(tt.src), "2021", false, passes)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]int{}
			for _, f := range fs {
				got[f.Transform] = append(got[f.Transform], f.Line)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("reported %v, want %v", got, tt.want)
			}
			// A suppressed finding's fix is not applied.
			wantLocks := strings.Count(tt.src, "LOCK")
			applied := 0
			for _, f := range fs {
				if f.Applied {
					applied++
				}
			}
			if left := strings.Count(string(out), "LOCK"); left != wantLocks-countEdited(tt.want) {
				t.Errorf("%d LOCK left in\n%s\nwant %d (applied %d)", left, out, wantLocks-countEdited(tt.want), applied)
			}
		})
	}
}

// countEdited: both passes report every LOCK with the same edit, so a
// LOCK is rewritten once when either pass keeps it.
func countEdited(want map[string][]int) int {
	lines := map[int]int{}
	for _, ls := range want {
		per := map[int]int{}
		for _, l := range ls {
			per[l]++
		}
		for l, n := range per {
			if n > lines[l] {
				lines[l] = n
			}
		}
	}
	total := 0
	for _, n := range lines {
		total += n
	}
	return total
}

// A trailing directive on the first line of a multi-line call covers that
// line only.
func TestSuppressTrailingOnFirstLineOnly(t *testing.T) {
	src := "fn f() {\n    g(LOCK, // sendfix:ignore\n      LOCK);\n}\n"
	_, fs, _ := FixSource("a.rs", []byte(src), "2021", false, []*Transform{markPass("scope-guard")})
	if len(fs) != 1 || fs[0].Line != 3 {
		t.Fatalf("findings %+v, want one on line 3", fs)
	}
}
