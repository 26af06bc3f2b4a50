package scopeguard

import (
	"strings"

	ast "sendfix/transforms/internal/rustast"
)

// indentUnit guesses one level of indentation: a tab in tab-indented
// files, else the difference between the statement's indentation and its
// block's, else four spaces.
func indentUnit(src []byte, block, stmt *ast.Node) string {
	inner := ast.Indent(src, stmt.Start)
	if strings.HasPrefix(inner, "\t") {
		return "\t"
	}
	outer := ast.Indent(src, block.Start)
	if strings.HasPrefix(inner, outer) && len(inner) > len(outer) {
		return inner[len(outer):]
	}
	return "    "
}

// reindent returns src[start:end] with every line after the first indented
// by one more unit (see rustast.Reindent).
func (p *pass) reindent(start, end int, unit string) string {
	return ast.Reindent(p.tree.Root, p.src, start, end, unit)
}

// startsLine reports whether n is the first code on its line.
func (p *pass) startsLine(n *ast.Node) bool {
	return strings.TrimSpace(string(p.src[ast.LineStart(p.src, n.Start):n.Start])) == ""
}

// dedent returns src[start:end] with one unit of indentation taken off
// every line that has it (see rustast.Dedent).
func (p *pass) dedent(start, end int, unit string) string {
	return ast.Dedent(p.tree.Root, p.src, start, end, unit)
}

// extendOverLineComment moves end past a `// comment` that ends the line,
// so the comment stays with its statement.
func extendOverLineComment(src []byte, end int) int {
	k := end
	for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
		k++
	}
	if k+1 < len(src) && src[k] == '/' && src[k+1] == '/' {
		for k < len(src) && src[k] != '\n' && src[k] != '\r' {
			k++
		}
		return k
	}
	return end
}

// lineCommentAfter returns the ` // comment` after end on its line, or "".
func lineCommentAfter(src []byte, end int) string {
	e := extendOverLineComment(src, end)
	return string(src[end:e])
}

// trimRightSpace returns the end of the text in src[from:to] without the
// whitespace before to.
func trimRightSpace(src []byte, from, to int) int {
	for to > from && (src[to-1] == ' ' || src[to-1] == '\t' || src[to-1] == '\n' || src[to-1] == '\r') {
		to--
	}
	return to
}
