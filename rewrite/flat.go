package rewrite

/*
#include <stdint.h>
#include <stdbool.h>

// The few tree-sitter declarations needed here (tree_sitter/api.h of the
// runtime linked in through go-tree-sitter v0.25).
typedef struct TSTree TSTree;
typedef struct { uint32_t context[4]; const void *id; const TSTree *tree; } sendfix_TSNode;
typedef struct { const void *tree; const void *id; uint32_t context[3]; } sendfix_TSTreeCursor;
extern sendfix_TSNode ts_tree_root_node(const TSTree *);
extern uint32_t ts_node_descendant_count(sendfix_TSNode);
extern uint16_t ts_node_symbol(sendfix_TSNode);
extern uint32_t ts_node_start_byte(sendfix_TSNode);
extern uint32_t ts_node_end_byte(sendfix_TSNode);
extern bool ts_node_is_named(sendfix_TSNode);
extern bool ts_node_is_missing(sendfix_TSNode);
extern sendfix_TSTreeCursor ts_tree_cursor_new(sendfix_TSNode);
extern void ts_tree_cursor_delete(sendfix_TSTreeCursor *);
extern sendfix_TSNode ts_tree_cursor_current_node(const sendfix_TSTreeCursor *);
extern uint16_t ts_tree_cursor_current_field_id(const sendfix_TSTreeCursor *);
extern bool ts_tree_cursor_goto_first_child(sendfix_TSTreeCursor *);
extern bool ts_tree_cursor_goto_next_sibling(sendfix_TSTreeCursor *);
extern bool ts_tree_cursor_goto_parent(sendfix_TSTreeCursor *);

typedef struct {
	uint32_t start, end;
	int32_t parent;
	uint16_t symbol, field;
	uint8_t flags;
	uint8_t pad[3];
} sendfix_flat;

static uint32_t sendfix_count(const TSTree *tree) {
	return ts_node_descendant_count(ts_tree_root_node(tree));
}

// sendfix_flatten writes the tree's visible nodes in preorder, each with
// its parent's index, into out (room for cap nodes) and returns how many
// there are; it does not enter nodes of kind opaque1 or opaque2. A loop,
// not a recursion: any depth is fine.
static uint32_t sendfix_flatten(const TSTree *tree, sendfix_flat *out, uint32_t cap,
                                uint16_t opaque1, uint16_t opaque2) {
	sendfix_TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
	uint32_t n = 0;
	int32_t parent = -1, self = 0;
	for (;;) {
		// emit the cursor's node
		self = (int32_t)n;
		sendfix_TSNode node = ts_tree_cursor_current_node(&c);
		uint16_t sym = ts_node_symbol(node);
		if (n < cap) {
			sendfix_flat *f = &out[n];
			f->start = ts_node_start_byte(node);
			f->end = ts_node_end_byte(node);
			f->parent = parent;
			f->symbol = sym;
			f->field = ts_tree_cursor_current_field_id(&c);
			f->flags = (ts_node_is_named(node) ? 1 : 0) | (ts_node_is_missing(node) ? 2 : 0);
		}
		n++;
		if (sym != opaque1 && sym != opaque2 && ts_tree_cursor_goto_first_child(&c)) {
			parent = self;
			continue;
		}
		for (;;) {
			if (ts_tree_cursor_goto_next_sibling(&c)) {
				break;
			}
			if (!ts_tree_cursor_goto_parent(&c)) {
				ts_tree_cursor_delete(&c);
				return n;
			}
			// the cursor is on `parent` now; its siblings share its parent
			self = parent;
			parent = (self >= 0 && (uint32_t)self < cap) ? out[self].parent : -1;
		}
	}
}
*/
import "C"

import (
	"reflect"
	"unsafe"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// FlatNode is one visible node of a syntax tree, as Flatten lists them.
type FlatNode struct {
	Start, End uint32 // byte range
	Parent     int32  // index of the parent in the list; -1 for the root
	Symbol     uint16 // the node's kind id (65535 for ERROR)
	Field      uint16 // its field id in the parent; 0 for none
	Flags      uint8  // FlatNamed | FlatMissing
	_          [3]uint8
}

// FlatNode flags.
const (
	FlatNamed   = 1
	FlatMissing = 2
)

// The Go and C records must have one layout.
var _ [unsafe.Sizeof(FlatNode{}) - C.sizeof_sendfix_flat]byte
var _ [C.sizeof_sendfix_flat - unsafe.Sizeof(FlatNode{})]byte

// rawTree returns the TSTree* inside a go-tree-sitter Tree, which keeps it
// in its only field; nil if the binding's layout ever changes.
var rawTreeOK = func() bool {
	t := reflect.TypeOf(ts.Tree{})
	return t.NumField() == 1 && t.Field(0).Type.Kind() == reflect.Pointer && t.Size() == unsafe.Sizeof(uintptr(0))
}()

// Flatten lists the tree's visible nodes in preorder (the order a tree
// cursor visits them), each with its parent's index: the whole tree in one
// cgo call instead of several per node. Code that mirrors a tree into Go
// values (rustast.Build) builds it from this list.
//
// A comment is listed without its inside (the `//` token, a doc comment's
// marker and text): no pass reads them, and in documented code they are a
// fifth of all nodes.
func Flatten(tree *ts.Tree) []FlatNode {
	if !rawTreeOK {
		return flattenSlow(tree)
	}
	raw := (*C.TSTree)(*(*unsafe.Pointer)(unsafe.Pointer(tree)))
	if raw == nil {
		return nil
	}
	n := uint32(C.sendfix_count(raw))
	for {
		out := make([]FlatNode, n)
		var p *C.sendfix_flat
		if n > 0 {
			p = (*C.sendfix_flat)(unsafe.Pointer(&out[0]))
		}
		got := uint32(C.sendfix_flatten(raw, p, C.uint32_t(n), C.uint16_t(lineComment), C.uint16_t(blockComment)))
		if got <= n {
			return out[:got]
		}
		n = got // the count was short: try again with room for all
	}
}

// The kinds Flatten does not enter.
var (
	lineComment  = rustLanguage.IdForNodeKind("line_comment", true)
	blockComment = rustLanguage.IdForNodeKind("block_comment", true)
)

// flattenSlow is Flatten through the binding's cursor (several cgo calls
// per node).
func flattenSlow(tree *ts.Tree) []FlatNode {
	cur := tree.Walk()
	defer cur.Close()
	var out []FlatNode
	emit := func(parent int32) int32 {
		n := cur.Node()
		f := FlatNode{Start: uint32(n.StartByte()), End: uint32(n.EndByte()), Parent: parent,
			Symbol: n.KindId(), Field: cur.FieldId()}
		if n.IsNamed() {
			f.Flags |= FlatNamed
		}
		if n.IsMissing() {
			f.Flags |= FlatMissing
		}
		out = append(out, f)
		return int32(len(out) - 1)
	}
	self := emit(-1)
	parent := int32(-1)
	for {
		if sym := out[self].Symbol; sym != lineComment && sym != blockComment && cur.GotoFirstChild() {
			parent = self
			self = emit(parent)
			continue
		}
		for {
			if cur.GotoNextSibling() {
				self = emit(parent)
				break
			}
			if !cur.GotoParent() {
				return out
			}
			self = parent
			parent = out[self].Parent
		}
	}
}
