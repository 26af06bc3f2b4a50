// Package rustast mirrors a tree-sitter Rust syntax tree into Go values, so
// that the analyses of the transforms run without a cgo call per node
// access, and holds the Rust facts several transforms share: async
// contexts, which futures must be Send, and guard-producing calls.
package rustast

import (
	"bytes"
	"strings"

	"sendfix/rewrite"
)

// Node is a Go copy of one tree-sitter node (see Build for who may change
// one).
//
// A tree holds a Node for every token, and the crate-wide passes hold a
// whole package's trees, so the layout is kept small: the field name is an
// id (see Field), the position a 32-bit int.
type Node struct {
	Kind       string
	Start, End int
	Parent     *Node
	Children   []*Node
	Index      int32  // position among Parent.Children
	field      uint16 // the tree-sitter field id in the parent; 0: none
	Named      bool
}

// Field returns the node's field name in its parent, or "".
func (n *Node) Field() string { return fieldNames[n.field] }

// ReplaceWith puts m in n's place among n's parent's children, with no
// field name (a macro's arguments parsed as code replace its token tree).
func (n *Node) ReplaceWith(m *Node) {
	m.Parent, m.Index, m.field = n.Parent, n.Index, 0
	n.Parent.Children[n.Index] = m
}

// Tree is a mirrored syntax tree with its source.
type Tree struct {
	Root *Node
	Src  []byte
	// Hints extend the Send analysis for this run (sendfix.toml); nil: none.
	Hints *rewrite.Analysis
}

// kindNames and fieldNames map tree-sitter ids to strings once, so building
// the mirror does no per-node C string conversion.
var kindNames, fieldNames = func() ([]string, []string) {
	lang := rewrite.Language()
	kinds := make([]string, lang.NodeKindCount())
	for i := range kinds {
		kinds[i] = lang.NodeKindForId(uint16(i))
	}
	fields := make([]string, lang.FieldCount()+1)
	for i := 1; i < len(fields); i++ {
		fields[i] = lang.FieldNameForId(uint16(i))
	}
	return kinds, fields
}()

// Build mirrors the whole tree of f, once per file: the passes of a round
// share the mirror. Only the type-flow analysis changes it (it grafts
// macro arguments parsed as code, see transforms.All for the order this
// asks for); nothing else may.
func Build(f *rewrite.File) *Tree {
	return f.Memo("rustast.Tree", func() any {
		return &Tree{Root: mirror(f.TakeFlat()), Src: f.Src, Hints: f.Analysis}
	}).(*Tree)
}

// mirror builds the Go nodes from the flattened tree (one cgo call for
// the whole tree, see rewrite.Flatten), in three allocations: the nodes,
// the child lists, and their index. No recursion: deeply nested input must
// not overflow the stack.
func mirror(flat []rewrite.FlatNode) *Node {
	if len(flat) == 0 {
		return &Node{Kind: "ERROR"}
	}
	nodes := make([]Node, len(flat))
	counts := make([]int32, len(flat))
	for _, fn := range flat[1:] {
		counts[fn.Parent]++
	}
	children := make([]*Node, len(flat)-1)
	at := 0
	for i := range nodes {
		c := int(counts[i])
		nodes[i].Children = children[at : at : at+c] // full: an append copies
		at += c
	}
	for i, fn := range flat {
		n := &nodes[i]
		n.Kind = "ERROR" // tree-sitter's error nodes have an id outside the table
		if int(fn.Symbol) < len(kindNames) {
			n.Kind = kindNames[fn.Symbol]
		}
		if fn.Flags&rewrite.FlatMissing != 0 {
			n.Kind = "MISSING"
		}
		if int(fn.Field) < len(fieldNames) {
			n.field = fn.Field
		}
		n.Named = fn.Flags&rewrite.FlatNamed != 0
		n.Start, n.End = int(fn.Start), int(fn.End)
		if fn.Parent >= 0 {
			p := &nodes[fn.Parent]
			n.Parent = p
			n.Index = int32(len(p.Children))
			p.Children = append(p.Children, n)
		}
	}
	return &nodes[0]
}

// Text returns the node's source text.
func (n *Node) Text(src []byte) string { return string(src[n.Start:n.End]) }

// Child returns the first child with the given field name, or nil.
func (n *Node) Child(field string) *Node {
	for _, c := range n.Children {
		if c.Field() == field {
			return c
		}
	}
	return nil
}

// NamedChildren returns the named children.
func (n *Node) NamedChildren() []*Node {
	var out []*Node
	for _, c := range n.Children {
		if c.Named {
			out = append(out, c)
		}
	}
	return out
}

// HasToken reports whether an anonymous child token has the given text.
func (n *Node) HasToken(src []byte, tok string) bool {
	for _, c := range n.Children {
		if !c.Named && c.Text(src) == tok {
			return true
		}
	}
	return false
}

// Walk visits n and its descendants in source order; fn returns false to
// skip a node's children.
func (n *Node) Walk(fn func(*Node) bool) {
	stack := []*Node{n}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !fn(x) {
			continue
		}
		for i := len(x.Children) - 1; i >= 0; i-- {
			stack = append(stack, x.Children[i])
		}
	}
}

// Contains reports whether m is n or a descendant of n.
func (n *Node) Contains(m *Node) bool {
	for ; m != nil; m = m.Parent {
		if m == n {
			return true
		}
	}
	return false
}

// Ancestor returns the nearest proper ancestor of one of the kinds, or nil.
func (n *Node) Ancestor(kinds ...string) *Node {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, k := range kinds {
			if p.Kind == k {
				return p
			}
		}
	}
	return nil
}

// Unparen strips parentheses around an expression.
func Unparen(n *Node) *Node {
	for n != nil && n.Kind == "parenthesized_expression" {
		inner := n.NamedChildren()
		if len(inner) != 1 {
			return n
		}
		n = inner[0]
	}
	return n
}

// MethodCall splits `recv.name(args)` into its parts; ok is false for any
// other node.
func MethodCall(n *Node, src []byte) (recv *Node, name string, args *Node, ok bool) {
	if n == nil || n.Kind != "call_expression" {
		return nil, "", nil, false
	}
	fn := n.Child("function")
	if fn == nil || fn.Kind != "field_expression" {
		return nil, "", nil, false
	}
	field := fn.Child("field")
	if field == nil {
		return nil, "", nil, false
	}
	// Turbofish: `x.collect::<Vec<_>>()` has a generic_function wrapper.
	return fn.Child("value"), field.Text(src), n.Child("arguments"), true
}

// CalleeName returns the last path segment of a call's function, for both
// `f(x)`, `a::b::f(x)` and `recv.f(x)`.
func CalleeName(call *Node, src []byte) string {
	fn := call.Child("function")
	if fn == nil {
		return ""
	}
	if fn.Kind == "generic_function" {
		fn = fn.Child("function")
	}
	switch fn.Kind {
	case "identifier":
		return fn.Text(src)
	case "scoped_identifier":
		if name := fn.Child("name"); name != nil {
			return name.Text(src)
		}
	case "field_expression":
		if f := fn.Child("field"); f != nil {
			return f.Text(src)
		}
	}
	return ""
}

// CalleePath returns the call's function text without generic arguments,
// e.g. "tokio::spawn" or "rt.block_on".
func CalleePath(call *Node, src []byte) string {
	fn := call.Child("function")
	if fn == nil {
		return ""
	}
	if fn.Kind == "generic_function" {
		fn = fn.Child("function")
	}
	return strings.Join(strings.Fields(fn.Text(src)), "")
}

// ArgCount returns the number of arguments of an arguments node.
func ArgCount(args *Node) int {
	if args == nil {
		return 0
	}
	n := 0
	for _, c := range args.Children {
		if c.Named && c.Kind != "line_comment" && c.Kind != "block_comment" && c.Kind != "attribute_item" {
			n++
		}
	}
	return n
}

// LineOf returns the 1-based line of byte offset off.
func LineOf(src []byte, off int) int { return bytes.Count(src[:off], []byte("\n")) + 1 }

// LineStart returns the offset of the start of the line holding off.
func LineStart(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

// Indent returns the leading whitespace of the line holding off.
func Indent(src []byte, off int) string {
	s := LineStart(src, off)
	e := s
	for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
		e++
	}
	return string(src[s:e])
}

// blockLike are the expressions that end a statement at their closing
// brace when a statement starts with them.
var blockLike = map[string]bool{
	"block": true, "unsafe_block": true, "async_block": true, "const_block": true, "if_expression": true,
	"match_expression": true, "loop_expression": true, "while_expression": true, "for_expression": true,
}

// LeadsWithBlock reports whether n starts with a block-like expression
// that an operator continues (`unsafe { *p } as usize`, `if c { 1 } else
// { 2 } + 1`): as a block's tail, rustc would end a statement at that
// expression's brace, so n must be parenthesized there. Method calls,
// fields, `?` and `.await` continue such a statement (`match x { .. }.len()`).
func LeadsWithBlock(n *Node) bool {
	postfixOnly := true
	for c := n; len(c.Children) > 0; {
		switch c.Kind {
		case "field_expression", "call_expression", "try_expression", "await_expression":
		default:
			postfixOnly = false
		}
		c = c.Children[0]
		if c.Start != n.Start {
			return false
		}
		if blockLike[c.Kind] {
			return !postfixOnly
		}
	}
	return false
}
