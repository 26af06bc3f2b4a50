package diffout

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"sendfix/rewrite"
)

// Sort orders fs by path, line, column, transform and message, keeping the
// given order of findings equal in all of these.
func Sort(fs []rewrite.Finding) {
	slices.SortStableFunc(fs, func(a, b rewrite.Finding) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Transform, b.Transform),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Text writes one "path:line:col: transform: message" line per finding.
// Further lines of a multi-line message follow, each starting with a tab; a
// trailing newline of the message is dropped.
func Text(w io.Writer, fs []rewrite.Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		msg := strings.TrimRight(f.Message, "\r\n")
		msg = strings.ReplaceAll(msg, "\r\n", "\n")
		msg = strings.ReplaceAll(msg, "\n", "\n\t")
		fmt.Fprintf(bw, "%s:%d:%d: %s: %s\n", f.Path, f.Line, f.Col, f.Transform, msg)
	}
	return bw.Flush()
}

// jsonEdit, jsonFinding and jsonDoc are the JSON schema documented in the
// package comment. Field order is output order.
type jsonEdit struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	New   string `json:"new"`
}

type jsonFinding struct {
	Path       string     `json:"path"`
	Line       int        `json:"line"`
	Column     int        `json:"column"`
	Start      int        `json:"start"`
	End        int        `json:"end"`
	Transform  string     `json:"transform"`
	Message    string     `json:"message"`
	Fixable    bool       `json:"fixable"`
	FixMessage string     `json:"fixMessage"`
	Edits      []jsonEdit `json:"edits"`
}

type jsonDoc struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
}

// jsonVersion is the "version" of the document JSON writes; it changes
// only with an incompatible change of the schema.
const jsonVersion = 1

// JSON writes fs as one JSON document (see the package comment).
func JSON(w io.Writer, fs []rewrite.Finding) error {
	doc := jsonDoc{Version: jsonVersion, Findings: make([]jsonFinding, 0, len(fs))}
	for _, f := range fs {
		jf := jsonFinding{
			Path:      f.Path,
			Line:      f.Line,
			Column:    f.Col,
			Start:     f.Start,
			End:       f.End,
			Transform: f.Transform,
			Message:   f.Message,
			Fixable:   f.Fix != nil,
			Edits:     []jsonEdit{},
		}
		if f.Fix != nil {
			jf.FixMessage = f.Fix.Message
			for _, e := range f.Fix.Edits {
				jf.Edits = append(jf.Edits, jsonEdit{e.Start, e.End, e.New})
			}
		}
		doc.Findings = append(doc.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// GitHub writes one GitHub Actions "::warning" workflow command per finding,
// which the runner shows as an annotation on the file and line. A trailing
// newline of the message is dropped; inner ones are escaped.
func GitHub(w io.Writer, fs []rewrite.Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		fmt.Fprintf(bw, "::warning file=%s,line=%d,col=%d,title=%s::%s\n",
			escapeProperty(f.Path), f.Line, f.Col,
			escapeProperty("sendfix "+f.Transform), escapeData(strings.TrimRight(f.Message, "\r\n")))
	}
	return bw.Flush()
}

// escapeData escapes a workflow command's message as the GitHub Actions
// toolkit does (escapeData in @actions/core).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value as the GitHub
// Actions toolkit does (escapeProperty in @actions/core).
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
