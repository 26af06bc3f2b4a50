package rewrite

/*
#include <stdint.h>

typedef struct TSParser TSParser;
typedef struct TSTree TSTree;
extern TSTree *ts_parser_parse_string(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length);
*/
import "C"

import (
	"math"
	"reflect"
	"unsafe"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// go-tree-sitter's Parser.Parse feeds the text through a Go callback
// (a cgo call back into Go) that copies the rest of the file into C memory
// each time tree-sitter reads (C.CString(string(text[i:])): two copies of
// the file per read, freed only when the parse ends). parseString hands
// tree-sitter the bytes directly: one cgo call, no copy, and no Go
// allocation (the parser does not keep the text). Measured: the same parse
// speed, one file-sized allocation less per parse.

// parserOK: go-tree-sitter's Parser holds just its TSParser pointer, so it
// can be read without the binding's help (checked, with Tree, at start).
var parserOK = func() bool {
	t := reflect.TypeOf(ts.Parser{})
	return rawTreeOK && t.NumField() == 1 && t.Field(0).Type.Kind() == reflect.Pointer && t.Size() == unsafe.Sizeof(uintptr(0))
}()

func parseString(p *ts.Parser, src []byte) *ts.Tree {
	if !parserOK || len(src) >= math.MaxUint32 {
		return p.Parse(src, nil)
	}
	raw := (*C.TSParser)(*(*unsafe.Pointer)(unsafe.Pointer(p)))
	var text *C.char
	if len(src) > 0 {
		text = (*C.char)(unsafe.Pointer(&src[0]))
	}
	t := C.ts_parser_parse_string(raw, nil, text, C.uint32_t(len(src)))
	if t == nil {
		return nil
	}
	tree := new(ts.Tree)
	*(*unsafe.Pointer)(unsafe.Pointer(tree)) = unsafe.Pointer(t)
	return tree
}
