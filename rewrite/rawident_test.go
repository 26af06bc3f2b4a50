package rewrite

import "testing"

// tree-sitter-rust fails on a variable named raw after `&` (it expects a
// raw borrow, `&raw const x`); rustc does not. Parse reads it as rustc.
func TestParseRawIdentifier(t *testing.T) {
	for _, src := range []string{
		"fn f(raw: String) { g(&raw); }",
		"fn f(raw: String) { g(&raw, 1); }",
		"fn f(raw: String) { let n = &raw.len(); }",
		"fn f(raw: String) { let p = & raw; }",
		"fn f(raw: Vec<u8>) { let p = &raw[0..2]; }",
		"fn f(x: u8) { let p = &raw const x; let q = &raw mut y; }",
		"fn f(raw_data: u8) { let p = &raw_data; }",
	} {
		f, err := NewFile("x.rs", []byte(src), "2021")
		if err != nil {
			t.Fatal(err)
		}
		if f.Tree.RootNode().HasError() {
			t.Errorf("%s: syntax error", src)
		}
		root := f.Tree.RootNode()
		if got := root.Utf8Text(f.Src); got != src {
			t.Errorf("the tree reads %q, want the source %q", got, src)
		}
		f.Close()
	}
	if got := string(parseable([]byte("g(&raw); h(&raw mut x); s = \"&raw\"; &rawx"))); got != "g(&r_w); h(&raw mut x); s = \"&r_w\"; &rawx" {
		t.Errorf("parseable: %q", got)
	}
}
