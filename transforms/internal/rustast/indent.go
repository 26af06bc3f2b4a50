package rustast

import "strings"

// Reindent returns src[start:end] with every line after the first indented
// by one more unit, except blank lines and lines that begin inside a
// string literal (their leading spaces are part of the string).
func Reindent(root *Node, src []byte, start, end int, unit string) string {
	text := src[start:end]
	var b strings.Builder
	b.Grow(len(text) + 64)
	lineStart := true
	for k := 0; k < len(text); k++ {
		c := text[k]
		if lineStart && k > 0 {
			rest := text[k:]
			blank := len(rest) == 0 || rest[0] == '\n' || (rest[0] == '\r' && len(rest) > 1 && rest[1] == '\n')
			if !blank && !InsideString(root, start+k) {
				b.WriteString(unit)
			}
		}
		lineStart = c == '\n'
		b.WriteByte(c)
	}
	return b.String()
}

// Dedent returns src[start:end] with one unit of indentation taken off
// every line that has it, except lines that begin inside a string literal.
func Dedent(root *Node, src []byte, start, end int, unit string) string {
	text := src[start:end]
	var b strings.Builder
	b.Grow(len(text))
	for k := 0; k < len(text); {
		if (k == 0 || text[k-1] == '\n') && strings.HasPrefix(string(text[k:min(len(text), k+len(unit))]), unit) && !InsideString(root, start+k) {
			k += len(unit)
			continue
		}
		b.WriteByte(text[k])
		k++
	}
	return b.String()
}

// InsideString reports whether offset lies strictly inside a string or
// raw string literal or a block comment.
func InsideString(root *Node, off int) bool {
	inside := false
	root.Walk(func(x *Node) bool {
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
