package rewrite

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestFlattenMatchesTheCursor(t *testing.T) {
	inputs := map[string][]byte{
		"empty":    nil,
		"error":    []byte("fn f() { let x = ; }\nasync fn g(m: M) { let g = m.lock().unwrap(); h().await; }\n"),
		"missing":  []byte("fn f() { g(1 }"),
		"garbage":  []byte("}}}{{{ ))) fn fn fn <<<>>> \x00"),
		"nested":   []byte("fn f() " + strings.Repeat("{", 5000) + strings.Repeat("}", 5000)),
		"comments": []byte("//! inner doc\n/// outer doc\n/** block doc */\nfn f() { /* a /* nested */ one */ g(); } // trailing\n"),
	}
	files, _ := filepath.Glob("../testdata/*/*.rs")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = src
	}
	if !rawTreeOK {
		t.Fatal("go-tree-sitter's Tree no longer holds just the TSTree pointer: Flatten is on its slow path")
	}
	for name, src := range inputs {
		tree := Parse(src)
		fast, slow := Flatten(tree), flattenSlow(tree)
		tree.Close()
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: Flatten (%d nodes) differs from the cursor walk (%d nodes)", name, len(fast), len(slow))
		}
		if len(fast) == 0 || fast[0].Parent != -1 {
			t.Errorf("%s: no root", name)
		}
		for i, n := range fast[1:] {
			if n.Parent < 0 || int(n.Parent) > i {
				t.Fatalf("%s: node %d has parent %d", name, i+1, n.Parent)
			}
			if p := fast[n.Parent].Symbol; p == lineComment || p == blockComment {
				t.Errorf("%s: node %d is inside a comment (%q)", name, i+1, src[n.Start:n.End])
			}
		}
	}
}
