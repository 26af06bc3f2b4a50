package rewrite

import (
	"strings"
	"testing"
)

// TestManualFindingAnsweredByAnotherFix: a manual finding that the last
// round no longer reports (another pass's fix answered it) is dropped; one
// the last round still reports stays.
func TestManualFindingAnsweredByAnotherFix(t *testing.T) {
	// reporter cannot fix `std_lock`, only report it; switcher replaces the
	// marked one with `tok_lock`.
	reporter := &Transform{Name: "reporter", Doc: "reports std_lock", Run: func(f *File) []Finding {
		var out []Finding
		for i := 0; ; {
			j := strings.Index(string(f.Src[i:]), "std_lock")
			if j < 0 {
				return out
			}
			out = append(out, Finding{Start: i + j, End: i + j + 8, Message: "manual"})
			i += j + 8
		}
	}}
	switcher := &Transform{Name: "switcher", Doc: "switches the std_lock marked `switch me`", Run: func(f *File) []Finding {
		j := strings.Index(string(f.Src), "std_lock(); } // switch me")
		if j < 0 {
			return nil
		}
		return []Finding{{Start: j, End: j + 8, Message: "switch", Fix: &Fix{Edits: []Edit{{Start: j, End: j + 8, New: "tok_lock"}}}}}
	}}
	src := "fn f() { std_lock(); } // switch me\nfn g() { std_lock(); }\n"
	out, fds, err := FixSource("a.rs", []byte(src), "2021", false, []*Transform{reporter, switcher})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "tok_lock") {
		t.Fatalf("the switch was not applied:\n%s", out)
	}
	var manual []int
	for _, fd := range fds {
		if fd.Transform == "reporter" {
			manual = append(manual, fd.Line)
		}
	}
	if len(manual) != 1 || manual[0] != 2 {
		t.Errorf("manual findings on lines %v, want only line 2 (line 1's was answered by the switch)", manual)
	}
}
