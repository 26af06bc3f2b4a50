package asyncmutex

import (
	"regexp"
	"strings"

	"sendfix/rewrite"
)

// tokioSync checks that the package's Cargo.toml enables tokio's `sync`
// feature (directly or through `full`). It returns the minimal edit that
// adds it (nil when nothing is needed), or why it cannot: no manifest, or
// tokio is not a dependency.
func tokioSync(m *rewrite.Manifest) (*rewrite.Edit, string) {
	if m == nil {
		return nil, "the file belongs to no Cargo package, so sendfix cannot check that tokio (with its sync feature) is a dependency"
	}
	src := string(m.Src)
	lines := splitLines(src)
	section := ""
	sectionStart := -1 // line index of the header of a [dependencies.tokio] table
	for i, l := range lines {
		t := strings.TrimSpace(stripComment(l.text))
		if strings.HasPrefix(t, "[") {
			section = strings.Trim(strings.Join(strings.Fields(t), ""), "[]")
			if isDepsTable(section, true) {
				sectionStart = i
				// The table's keys are the lines up to the next header.
				return tableEdit(m, lines, sectionStart)
			}
			continue
		}
		if !isDepsTable(section, false) {
			continue
		}
		key, value, ok := keyValue(l)
		if !ok || (key != "tokio" && key != `"tokio"`) {
			continue
		}
		return inlineEdit(m, l, value)
	}
	return nil, "tokio is not a dependency of this package (Cargo.toml): add tokio with the \"sync\" feature, then run sendfix again"
}

// isDepsTable: [dependencies] or a target's; with tokio, the
// [dependencies.tokio] table form.
func isDepsTable(section string, tokio bool) bool {
	if tokio {
		return section == "dependencies.tokio" || (strings.HasPrefix(section, "target.") && strings.HasSuffix(section, ".dependencies.tokio"))
	}
	return section == "dependencies" || (strings.HasPrefix(section, "target.") && strings.HasSuffix(section, ".dependencies"))
}

type line struct {
	text       string
	start, end int // byte offsets of the line (without its newline)
}

func splitLines(src string) []line {
	var out []line
	at := 0
	for at <= len(src) {
		i := strings.IndexByte(src[at:], '\n')
		if i < 0 {
			out = append(out, line{src[at:], at, len(src)})
			break
		}
		end := at + i
		text := src[at:end]
		out = append(out, line{strings.TrimSuffix(text, "\r"), at, at + len(strings.TrimSuffix(text, "\r"))})
		at = end + 1
	}
	return out
}

// stripComment drops a `# comment` that is not inside a string.
func stripComment(s string) string {
	inStr := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr != 0:
			if c == '\\' && inStr == '"' {
				i++
			} else if c == inStr {
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '#':
			return s[:i]
		}
	}
	return s
}

var keyRE = regexp.MustCompile(`^\s*("?[A-Za-z0-9_-]+"?)\s*=\s*`)

// keyValue splits a `key = value` line; value's offsets are in the file.
func keyValue(l line) (key string, value line, ok bool) {
	m := keyRE.FindStringSubmatchIndex(l.text)
	if m == nil {
		return "", line{}, false
	}
	key = l.text[m[2]:m[3]]
	v := stripComment(l.text[m[1]:])
	v = strings.TrimRight(v, " \t")
	return key, line{v, l.start + m[1], l.start + m[1] + len(v)}, true
}

var hasSync = regexp.MustCompile(`"(sync|full)"`)

// inlineEdit handles `tokio = "1"` and `tokio = { version = "1", ... }`.
func inlineEdit(m *rewrite.Manifest, l line, v line) (*rewrite.Edit, string) {
	src := string(m.Src)
	text := strings.TrimSpace(v.text)
	switch {
	case strings.HasPrefix(text, `"`) || strings.HasPrefix(text, `'`):
		return &rewrite.Edit{Path: m.Path, Start: v.start, End: v.end, New: `{ version = ` + text + `, features = ["sync"] }`}, ""
	case strings.HasPrefix(text, "{"):
		// The inline table may continue on further lines (arrays).
		end := matching(src, v.start, '{', '}')
		if end < 0 {
			return nil, "sendfix cannot read the tokio dependency in Cargo.toml"
		}
		table := src[v.start:end]
		if k := featuresKey(table); k >= 0 {
			return arrayEdit(m, v.start+k)
		}
		// No features key: add one before the closing brace.
		close := end - 1
		before := strings.TrimRight(src[v.start:close], " \t")
		ins := v.start + len(before)
		sep := ", "
		if strings.HasSuffix(before, ",") || strings.HasSuffix(before, "{") {
			sep = " "
		}
		return &rewrite.Edit{Path: m.Path, Start: ins, End: ins, New: sep + `features = ["sync"]`}, ""
	}
	return nil, "sendfix cannot read the tokio dependency in Cargo.toml"
}

// tableEdit handles a [dependencies.tokio] table.
func tableEdit(m *rewrite.Manifest, lines []line, header int) (*rewrite.Edit, string) {
	last := header
	for i := header + 1; i < len(lines); i++ {
		t := strings.TrimSpace(stripComment(lines[i].text))
		if strings.HasPrefix(t, "[") && !strings.HasPrefix(t, "[\"") {
			break
		}
		if t == "" {
			continue
		}
		key, value, ok := keyValue(lines[i])
		if ok && key == "features" {
			_ = value
			return arrayEdit(m, lines[i].start+strings.Index(lines[i].text, "features"))
		}
		last = i
	}
	at := lines[last].end
	nl := "\n"
	if strings.Contains(string(m.Src), "\r\n") {
		nl = "\r\n"
	}
	return &rewrite.Edit{Path: m.Path, Start: at, End: at, New: nl + `features = ["sync"]`}, ""
}

// featuresKey returns the offset of a top-level `features` key in an
// inline table's text, or -1.
func featuresKey(table string) int {
	depth := 0
	inStr := false
	for i := 0; i < len(table); i++ {
		c := table[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case depth == 1 && strings.HasPrefix(table[i:], "features") && (i == 0 || !isKeyChar(table[i-1])):
			rest := strings.TrimLeft(table[i+len("features"):], " \t")
			if strings.HasPrefix(rest, "=") {
				return i
			}
		}
	}
	return -1
}

func isKeyChar(c byte) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// arrayEdit adds "sync" to the features array whose key starts at at,
// unless it (or "full") is there.
func arrayEdit(m *rewrite.Manifest, at int) (*rewrite.Edit, string) {
	src := string(m.Src)
	open := strings.IndexByte(src[at:], '[')
	if open < 0 {
		return nil, "sendfix cannot read tokio's features in Cargo.toml"
	}
	open += at
	end := matching(src, open, '[', ']')
	if end < 0 {
		return nil, "sendfix cannot read tokio's features in Cargo.toml"
	}
	arr := src[open:end]
	if hasSync.MatchString(arr) {
		return nil, ""
	}
	// After the last element (or right after `[` when empty).
	inner := strings.TrimRight(stripArrayComments(src[open+1:end-1]), " \t\r\n")
	inner = strings.TrimRight(inner, ",")
	inner = strings.TrimRight(inner, " \t\r\n")
	if strings.TrimSpace(inner) == "" {
		return &rewrite.Edit{Path: m.Path, Start: open + 1, End: open + 1, New: `"sync"`}, ""
	}
	ins := open + 1 + len(inner)
	return &rewrite.Edit{Path: m.Path, Start: ins, End: ins, New: `, "sync"`}, ""
}

// stripArrayComments blanks `# ...` comments in a multi-line array so
// that the last element is found; offsets are kept.
func stripArrayComments(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		c := stripComment(strings.TrimRight(l, "\n"))
		if len(c) < len(strings.TrimRight(l, "\n")) {
			pad := strings.Repeat(" ", len(strings.TrimRight(l, "\n"))-len(c))
			nl := ""
			if strings.HasSuffix(l, "\n") {
				nl = "\n"
			}
			lines[i] = c + pad + nl
		}
	}
	return strings.Join(lines, "")
}

// matching returns the offset after the bracket closing the one at open.
func matching(src string, open int, o, c byte) int {
	depth := 0
	inStr := false
	for i := open; i < len(src); i++ {
		ch := src[i]
		switch {
		case inStr:
			if ch == '\\' {
				i++
			} else if ch == '"' {
				inStr = false
			}
		case ch == '"':
			inStr = true
		case ch == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case ch == o:
			depth++
		case ch == c:
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}
