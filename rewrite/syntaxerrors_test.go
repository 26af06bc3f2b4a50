package rewrite

import (
	"reflect"
	"strings"
	"testing"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// syntaxErrorsRecursive is the plain recursive walk syntaxErrors replaced.
func syntaxErrorsRecursive(tree *ts.Tree) [][2]int {
	var out [][2]int
	var visit func(n *ts.Node)
	visit = func(n *ts.Node) {
		if n.IsError() || n.IsMissing() {
			out = append(out, [2]int{int(n.StartByte()), int(n.EndByte())})
			return
		}
		if !n.HasError() {
			return
		}
		for i := uint(0); i < n.ChildCount(); i++ {
			visit(n.Child(i))
		}
	}
	visit(tree.RootNode())
	return out
}

func TestSyntaxErrorsIterative(t *testing.T) {
	inputs := []string{
		"fn f() {}",
		"fn f() { let x = ; }",
		"fn f( {",
		"fn f() { g(1 }\nstruct S { a: , b }\nimpl for {}\n}}}",
		"}}}{{{ ))) fn fn fn <<<>>> \x00",
		"fn f() " + strings.Repeat("{ let x = ; ", 2000),
	}
	for _, src := range inputs {
		tree := Parse([]byte(src))
		got, want := syntaxErrors(tree, []byte(src)), syntaxErrorsRecursive(tree)
		tree.Close()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q: got %v, want %v", src, got, want)
		}
	}
	// 50,000 unclosed blocks: found without a deep recursion.
	src := []byte("fn f() " + strings.Repeat("{", 50000))
	tree := Parse(src)
	defer tree.Close()
	if len(syntaxErrors(tree, src)) == 0 {
		t.Error("no error found in 50,000 unclosed blocks")
	}
}
