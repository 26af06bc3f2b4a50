package rewrite

/*
#include <stdlib.h>

// Declared by the tree-sitter runtime linked in through go-tree-sitter.
extern void ts_set_allocator(void *(*new_malloc)(size_t),
                             void *(*new_calloc)(size_t, size_t),
                             void *(*new_realloc)(void *, size_t),
                             void (*new_free)(void *));

static void sendfix_use_libc_allocator(void) {
	ts_set_allocator(malloc, calloc, realloc, free);
}
*/
import "C"

import (
	"bytes"
	"fmt"

	ts "github.com/tree-sitter/go-tree-sitter"
	rust "github.com/tree-sitter/tree-sitter-rust/bindings/go"
)

// go-tree-sitter v0.25 routes every C allocation through a Go callback,
// which costs about a third of parse time and serialises threads. Its own
// init runs before ours (we import it), so resetting to libc here sticks.
func init() {
	C.sendfix_use_libc_allocator()
}

var rustLanguage = ts.NewLanguage(rust.Language())

// Language returns the tree-sitter Rust language (shared, immutable).
func Language() *ts.Language { return rustLanguage }

// idleParsers keeps a few parsers for reuse. A bounded channel rather than
// a sync.Pool: the binding has no finalizers, so a parser the pool dropped
// would leak its C memory.
var idleParsers = make(chan *ts.Parser, 16)

// Parse parses src as Rust. The caller must Close the tree.
func Parse(src []byte) *ts.Tree {
	var p *ts.Parser
	select {
	case p = <-idleParsers:
	default:
		p = ts.NewParser()
		if err := p.SetLanguage(rustLanguage); err != nil {
			panic(fmt.Sprintf("tree-sitter-rust: %v", err))
		}
	}
	tree := parseString(p, parseable(src)) // p.Parse(src, nil), without its copies
	select {
	case idleParsers <- p:
	default:
		p.Close()
	}
	return tree
}

// NewFile parses src into a File. The caller must Close it.
func NewFile(path string, src []byte, edition string) (*File, error) {
	tree := Parse(src)
	if tree == nil {
		return nil, fmt.Errorf("%s: tree-sitter returned no tree", path)
	}
	if edition == "" {
		edition = "2021"
	}
	return &File{Path: path, Src: src, Tree: tree, Edition: edition}, nil
}

// Close releases the file's syntax tree and what passes built from it.
func (f *File) Close() {
	if f.Tree != nil {
		f.Tree.Close()
		f.Tree = nil
	}
	f.flat, f.memo = nil, nil
}

// syntaxErrors returns the byte ranges of ERROR and MISSING nodes. The walk
// enters only subtrees that HasError, so a clean file costs one call. A
// loop, not a recursion: 50,000 nested blocks must not exhaust the stack.
func syntaxErrors(tree *ts.Tree, src []byte) [][2]int {
	root := tree.RootNode()
	if !root.HasError() {
		return nil
	}
	var out [][2]int
	cur := root.Walk()
	defer cur.Close()
	for {
		n := cur.Node()
		if n.IsError() || n.IsMissing() {
			out = append(out, [2]int{int(n.StartByte()), int(n.EndByte())})
		} else if n.HasError() && cur.GotoFirstChild() {
			continue
		}
		for !cur.GotoNextSibling() {
			if !cur.GotoParent() {
				return out
			}
		}
	}
}

// parseable returns src, or a copy of the same length that tree-sitter
// parses as rustc does. tree-sitter-rust reads `&raw` as the start of a
// raw borrow (`&raw const x`) even when `raw` is a variable (`parse(&raw)`)
// and fails on it: such a `raw` is renamed `r_w` in the copy. Offsets stay
// those of src, and node texts are read from src, so nothing else sees it.
func parseable(src []byte) []byte {
	if !bytes.Contains(src, []byte("raw")) {
		return src
	}
	var out []byte
	for i := 0; i < len(src); i++ {
		if src[i] != '&' {
			continue
		}
		j := i + 1
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if !bytes.HasPrefix(src[j:], []byte("raw")) || j+3 < len(src) && identByte(src[j+3]) {
			continue
		}
		k := j + 3
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
			k++
		}
		if keyword(src[k:], "const") || keyword(src[k:], "mut") {
			continue // a raw borrow
		}
		if out == nil {
			out = append([]byte(nil), src...)
		}
		out[j+1] = '_'
	}
	if out == nil {
		return src
	}
	return out
}

func keyword(b []byte, kw string) bool {
	return bytes.HasPrefix(b, []byte(kw)) && (len(b) == len(kw) || !identByte(b[len(kw)]))
}

func identByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
