package rewrite

import (
	"bytes"
	"strings"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// Suppression comments. A comment (line or block) whose text starts with
// one of these directives silences findings:
//
//	// sendfix:ignore [NAME,...] [-- reason]       this line (after code) or the next line of code
//	// sendfix:ignore-item [NAME,...] [-- reason]  everything inside the next item or statement
//	// sendfix:ignore-file [NAME,...] [-- reason]  the whole file
//
// NAMEs restrict the directive to those transforms; without names it
// silences every transform. A suppressed finding is dropped before fixes
// are merged: it is neither reported nor applied.
const directivePrefix = "sendfix:ignore"

type directiveKind int

const (
	dirLine directiveKind = iota
	dirItem
	dirFile
)

// suppression is one directive resolved to the byte range it covers.
type suppression struct {
	start, end int             // findings starting in [start, end) are silenced
	names      map[string]bool // nil: every transform
}

func (s suppression) covers(fd Finding) bool {
	return fd.Start >= s.start && fd.Start < s.end && (s.names == nil || s.names[fd.Transform])
}

// parseDirective reads a comment's text ("// sendfix:ignore a,b -- why").
// ok is false when the comment holds no directive.
func parseDirective(comment string) (kind directiveKind, names map[string]bool, ok bool) {
	s := strings.TrimSpace(comment)
	s = strings.TrimPrefix(s, "/*")
	s = strings.TrimSuffix(s, "*/")
	s = strings.TrimLeft(s, "/!*")
	s = strings.TrimSpace(s)
	rest, found := strings.CutPrefix(s, directivePrefix)
	if !found {
		return 0, nil, false
	}
	switch {
	case strings.HasPrefix(rest, "-item"):
		kind, rest = dirItem, rest[len("-item"):]
	case strings.HasPrefix(rest, "-file"):
		kind, rest = dirFile, rest[len("-file"):]
	default:
		kind = dirLine
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ':' {
		return 0, nil, false // sendfix:ignored, sendfix:ignore-items: not ours
	}
	rest = strings.TrimPrefix(rest, ":")
	if i := strings.Index(rest, "--"); i >= 0 {
		rest = rest[:i]
	}
	for _, f := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if names == nil {
			names = map[string]bool{}
		}
		names[f] = true
	}
	return kind, names, true
}

// suppressions returns the directives of a Rust source text. It parses
// the text only when it mentions a directive.
func suppressions(src []byte) []suppression {
	if !bytes.Contains(src, []byte(directivePrefix)) {
		return nil
	}
	tree := Parse(src)
	if tree == nil {
		return nil
	}
	defer tree.Close()
	root := tree.RootNode()
	var out []suppression
	seen := map[uint]bool{}
	for at := 0; ; {
		i := bytes.Index(src[at:], []byte(directivePrefix))
		if i < 0 {
			break
		}
		i += at
		at = i + len(directivePrefix)
		c := commentAt(root, i)
		if c == nil || seen[c.StartByte()] {
			continue
		}
		seen[c.StartByte()] = true
		kind, names, ok := parseDirective(string(src[c.StartByte():c.EndByte()]))
		if !ok {
			continue
		}
		s := suppression{names: names}
		switch kind {
		case dirFile:
			s.start, s.end = 0, len(src)+1
		case dirLine:
			if codeBefore(src, int(c.StartByte())) {
				s.start, s.end = lineBounds(src, int(c.StartByte()))
				break
			}
			next := nextCode(c, false)
			if next == nil {
				continue
			}
			s.start, s.end = lineBounds(src, int(next.StartByte()))
		case dirItem:
			next := nextCode(c, true)
			if next == nil {
				continue
			}
			s.start, s.end = int(next.StartByte()), int(next.EndByte())
		}
		out = append(out, s)
	}
	return out
}

// commentAt returns the comment node holding byte offset i, or nil when i
// is not in a comment (a string literal that mentions the directive).
func commentAt(root *ts.Node, i int) *ts.Node {
	n := root.DescendantForByteRange(uint(i), uint(i+1))
	for ; n != nil; n = n.Parent() {
		switch n.Kind() {
		case "line_comment", "block_comment":
			return n
		case "string_literal", "raw_string_literal", "char_literal", "source_file":
			return nil
		}
	}
	return nil
}

// codeBefore reports whether something other than blanks precedes offset
// on its line.
func codeBefore(src []byte, offset int) bool {
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	return len(bytes.TrimSpace(src[start:offset])) > 0
}

// lineBounds returns the byte range of the line holding offset, without
// its line terminator.
func lineBounds(src []byte, offset int) (int, int) {
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	end := bytes.IndexByte(src[offset:], '\n')
	if end < 0 {
		return start, len(src) + 1
	}
	return start, offset + end
}

// nextCode returns the next sibling of the comment c that is code: other
// comments are skipped, and, for items, their attributes.
func nextCode(c *ts.Node, skipAttributes bool) *ts.Node {
	for n := c.NextNamedSibling(); n != nil; n = n.NextNamedSibling() {
		switch n.Kind() {
		case "line_comment", "block_comment":
			continue
		case "attribute_item":
			if skipAttributes {
				continue
			}
		}
		return n
	}
	return nil
}

// suppressedIn reports whether a directive of the file silences fd (in
// the file's current coordinates).
func suppressedIn(ss []suppression, fd Finding) bool {
	for _, s := range ss {
		if s.covers(fd) {
			return true
		}
	}
	return false
}

// filterCandidates drops the findings of a round that a suppression
// comment silences, before their fixes can be merged. Directives are read
// from each unit's current text, in which the round's findings are
// expressed.
func filterCandidates(cands []candidate) []candidate {
	dirs := map[*unit][]suppression{}
	out := cands[:0]
	for _, c := range cands {
		ss, ok := dirs[c.u]
		if !ok {
			if c.u.rust {
				ss = suppressions(c.u.cur)
			}
			dirs[c.u] = ss
		}
		if !suppressedIn(ss, c.fd) {
			out = append(out, c)
		}
	}
	return out
}
