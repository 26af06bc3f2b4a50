package rustast

import (
	"bytes"
	"strings"

	"sendfix/rewrite"
)

// selectMacros run the block after an arm's `=>` in the caller's future,
// after the select completes: a guard taken there and held across an
// .await there makes the caller's future !Send like any other.
var selectMacros = map[string]bool{"select": true, "select_biased": true}

// joinMacros poll the futures they are given inside the caller's future:
// an async block among them that holds a guard across an .await makes the
// caller's future !Send.
var joinMacros = map[string]bool{"join": true, "try_join": true}

const macroCodePrefix = "fn __sendfix_macro_code() {\n"

// BuildWithMacroCode mirrors f afresh (the shared mirror of Build is left
// as it is: the other passes read macro calls as token trees) and puts the
// code of select! and join! calls, parsed at its own offsets, in place of
// their token trees: the block handlers of select! arms, and the futures
// given to join! and try_join! (as the elements of an array expression).
// It returns nil when f has no such call or the text does not parse.
func BuildWithMacroCode(f *rewrite.File) *Tree {
	if !bytes.Contains(f.Src, []byte("select")) && !bytes.Contains(f.Src, []byte("join!")) {
		return nil
	}
	tree := rewrite.Parse(f.Src)
	if tree == nil {
		return nil
	}
	root := mirror(rewrite.Flatten(tree))
	tree.Close()
	grafted := false
	// Arms nested in an arm's block are found once their block is code.
	for pending := macroCode(root, f.Src); len(pending) > 0; {
		var b strings.Builder
		b.WriteString(macroCodePrefix)
		at := make([]int, len(pending))
		for i, tt := range pending {
			at[i] = b.Len()
			if isJoinArgs(tt, f.Src) {
				// (a, b) -> [a, b]: the same length, so offsets still map.
				b.WriteString("[")
				b.Write(f.Src[tt.Start+1 : tt.End-1])
				b.WriteString("];\n")
				continue
			}
			b.Write(f.Src[tt.Start:tt.End])
			b.WriteString("\n")
		}
		b.WriteString("}\n")
		snippet := []byte(b.String())
		st := rewrite.Parse(snippet)
		if st == nil {
			break
		}
		sroot := mirror(rewrite.Flatten(st))
		st.Close()
		blocks := map[int]*Node{} // the parsed blocks and arrays, by offset
		sroot.Walk(func(n *Node) bool {
			if (n.Kind == "block" && n.Parent != nil && n.Parent.Kind != "function_item") || n.Kind == "array_expression" {
				blocks[n.Start] = n
				return false
			}
			return true
		})
		var next []*Node
		for i, tt := range pending {
			blk := blocks[at[i]]
			if blk == nil || blk.End-blk.Start != tt.End-tt.Start || HasError(blk) {
				continue
			}
			shift := tt.Start - at[i]
			blk.Walk(func(x *Node) bool {
				x.Start += shift
				x.End += shift
				return true
			})
			tt.ReplaceWith(blk)
			grafted = true
			next = append(next, macroCode(blk, f.Src)...)
		}
		pending = next
	}
	if !grafted {
		return nil
	}
	return &Tree{Root: root, Src: f.Src, Hints: f.Analysis}
}

// isJoinArgs reports whether tt is the argument token tree of a join!.
func isJoinArgs(tt *Node, src []byte) bool {
	m := tt.Parent
	return m != nil && m.Kind == "macro_invocation" && joinMacros[MacroName(m, src)]
}

// MacroName returns the last segment of a macro call's name ("select" for
// tokio::select!).
func MacroName(m *Node, src []byte) string {
	name := m.Child("macro")
	if name == nil {
		return ""
	}
	seg := name.Text(src)
	if i := strings.LastIndex(seg, "::"); i >= 0 {
		seg = seg[i+2:]
	}
	return seg
}

// macroCode returns the token trees of the block handlers (`=> { .. }`)
// of the select! calls under n, and the argument token trees of its join!
// calls.
func macroCode(n *Node, src []byte) []*Node {
	var out []*Node
	n.Walk(func(x *Node) bool {
		if x.Kind != "macro_invocation" {
			return true
		}
		seg := MacroName(x, src)
		if joinMacros[seg] {
			for _, tt := range x.Children {
				if tt.Kind == "token_tree" && tt.End-tt.Start >= 2 && src[tt.Start] == '(' {
					out = append(out, tt)
				}
			}
			return false
		}
		if !selectMacros[seg] {
			return true // other macros' token trees hold no arms
		}
		for _, tt := range x.Children {
			if tt.Kind != "token_tree" {
				continue
			}
			for i, c := range tt.Children {
				if i > 0 && c.Kind == "token_tree" && tt.Children[i-1].Text(src) == "=>" && bytes.HasPrefix(src[c.Start:c.End], []byte("{")) {
					out = append(out, c)
				}
			}
		}
		return false
	})
	return out
}

// HasError reports whether n holds an ERROR or MISSING node.
func HasError(n *Node) bool {
	bad := false
	n.Walk(func(x *Node) bool {
		if x.Kind == "ERROR" || x.Kind == "MISSING" {
			bad = true
		}
		return !bad
	})
	return bad
}

// InMacro reports whether n lies inside a macro call's arguments (a
// select! arm's block, see BuildWithMacroCode): only the pass that parsed
// them sees it there.
func InMacro(n *Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Kind == "token_tree" {
			return true
		}
	}
	return false
}
