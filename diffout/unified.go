package diffout

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// context is the number of unchanged lines shown around a change.
const context = 3

// ANSI SGR sequences used with color.
const (
	ansiBold  = "\x1b[1m"
	ansiCyan  = "\x1b[36m"
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiReset = "\x1b[0m"
)

const noNewline = "\\ No newline at end of file\n"

// line is one line of the edit script: kind is ' ' (both files), '-' (old
// only) or '+' (new only); oi and ni are the 0-based indexes in old and new
// of the next line not yet consumed before this one.
type line struct {
	kind   byte
	text   string // with its "\n", if it has one
	oi, ni int
}

// Unified returns a unified diff of old and new for the file at path (a
// repository-relative path with forward slashes), or nil when they are
// equal. See the package documentation for the format.
func Unified(path string, old, new []byte, color bool) []byte {
	if bytes.Equal(old, new) {
		return nil
	}
	script := editScript(string(old), string(new))

	// Like git, end a name holding a space with a tab, so that GNU patch
	// (which otherwise stops at the space) reads it whole.
	tab := ""
	if strings.Contains(path, " ") {
		tab = "\t"
	}
	var b bytes.Buffer
	writeLine(&b, color, ansiBold, "--- "+quotePath("a/"+path)+tab+"\n")
	writeLine(&b, color, ansiBold, "+++ "+quotePath("b/"+path)+tab+"\n")
	for _, h := range hunks(script) {
		writeHunk(&b, script[h[0]:h[1]], color)
	}
	return b.Bytes()
}

// lines splits s after every "\n"; the last line lacks one when s does
// not end in "\n". go-diff's line mode splits the same way.
func lines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// editScript diffs old and new line by line with go-diff.
func editScript(old, new string) []line {
	ol, nl := lines(old), lines(new)

	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no deadline: minimal and deterministic
	r1, r2, _ := dmp.DiffLinesToRunes(old, new)
	// checklines=false: the runes already stand for whole lines.
	diffs := dmp.DiffMainRunes(r1, r2, false)

	script := make([]line, 0, len(ol)+len(nl))
	oi, ni := 0, 0
	ok := true
loop:
	for _, d := range diffs {
		// Each rune of d.Text is one line (go-diff encodes line indexes as
		// runes), so the rune count is the number of lines.
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			if oi+n > len(ol) || ni+n > len(nl) {
				ok = false
				break loop
			}
			for k := 0; k < n; k++ {
				script = append(script, line{' ', ol[oi], oi, ni})
				oi, ni = oi+1, ni+1
			}
		case diffmatchpatch.DiffDelete:
			if oi+n > len(ol) {
				ok = false
				break loop
			}
			for k := 0; k < n; k++ {
				script = append(script, line{'-', ol[oi], oi, ni})
				oi++
			}
		case diffmatchpatch.DiffInsert:
			if ni+n > len(nl) {
				ok = false
				break loop
			}
			for k := 0; k < n; k++ {
				script = append(script, line{'+', nl[ni], oi, ni})
				ni++
			}
		}
	}
	if !ok || oi != len(ol) || ni != len(nl) {
		// Cannot happen with a correct go-diff; a whole-file replacement
		// is still a correct diff.
		script = script[:0]
		for i, t := range ol {
			script = append(script, line{'-', t, i, 0})
		}
		for i, t := range nl {
			script = append(script, line{'+', t, len(ol), i})
		}
	}
	return normalize(script)
}

// normalize puts the removed lines of every run of changes before the added
// ones, as diff and git print them.
func normalize(s []line) []line {
	for i := 0; i < len(s); {
		if s[i].kind == ' ' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j].kind != ' ' {
			j++
		}
		run := s[i:j]
		oi, ni := run[0].oi, run[0].ni
		var dels, adds []line
		for _, l := range run {
			if l.kind == '-' {
				dels = append(dels, l)
			} else {
				adds = append(adds, l)
			}
		}
		k := 0
		for _, l := range dels {
			run[k] = line{'-', l.text, oi, ni}
			oi++
			k++
		}
		for _, l := range adds {
			run[k] = line{'+', l.text, oi, ni}
			ni++
			k++
		}
		i = j
	}
	return s
}

// hunks groups the changes of s into hunks, returned as [start,end) index
// ranges of s: context lines around each change, merged when at most
// 2*context unchanged lines separate two changes (as git and GNU diff do).
func hunks(s []line) [][2]int {
	var out [][2]int
	i := 0
	for {
		for i < len(s) && s[i].kind == ' ' {
			i++
		}
		if i == len(s) {
			return out
		}
		// Hunks never overlap: the loop below only stops at a gap of more
		// than 2*context unchanged lines.
		start := max(0, i-context)
		// Extend over changes separated by at most 2*context equal lines.
		end := i
		for {
			for end < len(s) && s[end].kind != ' ' {
				end++
			}
			j := end
			for j < len(s) && s[j].kind == ' ' {
				j++
			}
			if j < len(s) && j-end <= 2*context {
				end = j
				continue
			}
			break
		}
		i = end
		end = min(len(s), end+context)
		out = append(out, [2]int{start, end})
	}
}

// writeHunk writes the @@ header and the lines of one hunk.
func writeHunk(b *bytes.Buffer, h []line, color bool) {
	oi, ni := h[0].oi, h[0].ni
	on, nn := 0, 0
	for _, l := range h {
		switch l.kind {
		case ' ':
			on++
			nn++
		case '-':
			on++
		case '+':
			nn++
		}
	}
	hdr := "@@ -" + rangeSpec(oi, on) + " +" + rangeSpec(ni, nn) + " @@\n"
	writeLine(b, color, ansiCyan, hdr)
	for _, l := range h {
		text := l.text
		missing := !strings.HasSuffix(text, "\n")
		if missing {
			text += "\n"
		}
		switch l.kind {
		case ' ':
			writeLine(b, false, "", " "+text)
		case '-':
			writeLine(b, color, ansiRed, "-"+text)
		case '+':
			writeLine(b, color, ansiGreen, "+"+text)
		}
		if missing {
			b.WriteString(noNewline)
		}
	}
}

// rangeSpec formats one side of a hunk header: start is the 0-based index
// of its first line. An empty range names the line before it, and a count
// of 1 is left out, as git prints them.
func rangeSpec(start, count int) string {
	switch count {
	case 0:
		return strconv.Itoa(start) + ",0"
	case 1:
		return strconv.Itoa(start + 1)
	}
	return strconv.Itoa(start+1) + "," + strconv.Itoa(count)
}

// writeLine writes s (which ends in "\n"), coloured with code when color is
// set; the reset comes before the line terminator ("\n" or "\r\n").
func writeLine(b *bytes.Buffer, color bool, code, s string) {
	if !color {
		b.WriteString(s)
		return
	}
	body := strings.TrimSuffix(s, "\n")
	term := "\n"
	if strings.HasSuffix(body, "\r") {
		body = body[:len(body)-1]
		term = "\r\n"
	}
	b.WriteString(code)
	b.WriteString(body)
	b.WriteString(ansiReset)
	b.WriteString(term)
}

// quotePath quotes a file name the way git does when it contains a
// double quote, a backslash or a control character (git apply unquotes
// it); other names, including ones with spaces or non-ASCII letters, are
// printed as they are.
func quotePath(p string) string {
	need := false
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == '"' || c == '\\' || c == 0x7f {
			need = true
			break
		}
	}
	if !need {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\v':
			b.WriteString(`\v`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 || c == 0x7f {
				b.WriteByte('\\')
				b.WriteByte('0' + c>>6)
				b.WriteByte('0' + (c>>3)&7)
				b.WriteByte('0' + c&7)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
