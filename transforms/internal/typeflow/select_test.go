package typeflow

import "testing"

// TestSelectAsList checks that a select!'s branches become a list of
// expressions of the same length: patterns, `=`, `=>`, `if`, `else` and
// `biased;` blanked, `=>` a comma, and a comma where a block handler had
// none.
func TestSelectAsList(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"v = rx.recv() => { out.push(v); }\n _ = &mut stop => break,",
			"    rx.recv() ,  { out.push(v); }\n ,   &mut stop ,  break,"},
		{"biased; a = f(), if ok => 1, else => 2", "            f(),    ok ,  1,         2"},
		{"Some(x) = s.next() => x == 2,", "          s.next() ,  x == 2,"},
	} {
		got := string(selectAsList([]byte(c.in)))
		if len(got) != len(c.in) {
			t.Fatalf("length changed: %q", got)
		}
		if got != c.want {
			t.Errorf("selectAsList(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
