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
// by one more unit, except blank lines and lines that begin inside a
// string literal (their leading spaces are part of the string).
func (p *pass) reindent(start, end int, unit string) string {
	text := p.src[start:end]
	var b strings.Builder
	b.Grow(len(text) + 64)
	lineStart := true
	for k := 0; k < len(text); k++ {
		c := text[k]
		if lineStart && k > 0 {
			rest := text[k:]
			blank := len(rest) == 0 || rest[0] == '\n' || (rest[0] == '\r' && len(rest) > 1 && rest[1] == '\n')
			if !blank && !p.insideString(start+k) {
				b.WriteString(unit)
			}
		}
		lineStart = c == '\n'
		b.WriteByte(c)
	}
	return b.String()
}

// startsLine reports whether n is the first code on its line.
func (p *pass) startsLine(n *ast.Node) bool {
	return strings.TrimSpace(string(p.src[ast.LineStart(p.src, n.Start):n.Start])) == ""
}

// dedent returns src[start:end] with one unit of indentation taken off
// every line that has it, except lines that begin inside a string literal.
func (p *pass) dedent(start, end int, unit string) string {
	text := p.src[start:end]
	var b strings.Builder
	b.Grow(len(text))
	for k := 0; k < len(text); {
		if (k == 0 || text[k-1] == '\n') && strings.HasPrefix(string(text[k:min(len(text), k+len(unit))]), unit) && !p.insideString(start+k) {
			k += len(unit)
			continue
		}
		b.WriteByte(text[k])
		k++
	}
	return b.String()
}

// insideString reports whether offset lies strictly inside a string or
// raw string literal or a block comment.
func (p *pass) insideString(off int) bool {
	inside := false
	p.tree.Root.Walk(func(x *ast.Node) bool {
		if inside || off <= x.Start || off >= x.End {
			return false
		}
		switch x.Kind {
		case "string_literal", "raw_string_literal", "block_comment":
			inside = true
			return false
		}
		return true
	})
	return inside
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
