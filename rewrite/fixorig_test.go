package rewrite

import "testing"

// A later round's edit is reported in the original file's coordinates: one
// outside the earlier replacement moves by its length change; one touching
// it grows to cover it and carries its text.
func TestEditInOriginal(t *testing.T) {
	orig := "let a = Rc::new(1); let b = Rc::new(2); done();"
	// Round 1: both Rc become Arc.
	round1 := []appliedEdit{
		{Edit{Start: 8, End: 10, New: "Arc"}, "Rc"},
		{Edit{Start: 28, End: 30, New: "Arc"}, "Rc"},
	}
	after1 := "let a = Arc::new(1); let b = Arc::new(2); done();"
	apply := func(text string, e Edit) string { return text[:e.Start] + e.New + text[e.End:] }
	for _, c := range []struct {
		name string
		e    Edit // in after1's coordinates
		want string
	}{
		// Independent of round 1: only this change.
		{"after both", Edit{Start: 42, End: 48, New: "finish()"}, "let a = Rc::new(1); let b = Rc::new(2); finish();"},
		{"between", Edit{Start: 21, End: 26, New: "let bb"}, "let a = Rc::new(1); let bb = Rc::new(2); done();"},
		// Built on round 1's first replacement: it carries it.
		{"inside a replacement", Edit{Start: 9, End: 11, New: "RC"}, "let a = ARC::new(1); let b = Rc::new(2); done();"},
		{"across one", Edit{Start: 4, End: 16, New: "x = std::sync::Arc::new"}, "let x = std::sync::Arc::new(1); let b = Rc::new(2); done();"},
	} {
		got := editInOriginal(c.e, []byte(after1), [][]appliedEdit{round1})
		if res := apply(orig, got); res != c.want {
			t.Errorf("%s: mapped edit %+v gives %q on the original, want %q", c.name, got, res, c.want)
		}
	}
}
