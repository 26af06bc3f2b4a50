package diffout

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"sendfix/rewrite"
)

// SARIFSchema is the $schema URI of the documents SARIF writes.
const SARIFSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// SARIFOptions are what a SARIF log needs beyond the findings.
type SARIFOptions struct {
	// Rules are the transforms that ran: one rule each, with the
	// transform's doc as help. A finding of a transform not listed gets a
	// rule that carries its name only.
	Rules []*rewrite.Transform
	// Version is sendfix's version, for tool.driver.version ("" omits it).
	Version string
	// Source returns the text of a file (a finding's Path or an edit's),
	// as the byte offsets of findings and edits refer to it. Columns are
	// counted in Unicode code points, as SARIF's "unicodeCodePoints"
	// column kind says; without the text (nil Source, or nil returned),
	// regions fall back to the byte columns of the finding, and edits to
	// byteOffset/byteLength.
	Source func(path string) []byte
}

// The SARIF 2.1.0 objects sendfix writes. Field order is output order;
// omitempty leaves out what SARIF treats as absent.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name,omitempty"`
		ShortDescription     *sarifMultiformat  `json:"shortDescription,omitempty"`
		FullDescription      *sarifMultiformat  `json:"fullDescription,omitempty"`
		Help                 *sarifMultiformat  `json:"help,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           *sarifRuleProps    `json:"properties,omitempty"`
	}
	sarifRuleProps struct {
		Tags []string `json:"tags"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifMultiformat struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
		Properties          sarifResultProps  `json:"properties"`
	}
	sarifResultProps struct {
		Fixable bool `json:"fixable"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	// sarifRegion: a text region (lines and columns, and for replacements
	// charOffset/charLength), or, without the file's text, a binary one.
	sarifRegion struct {
		StartLine   int  `json:"startLine,omitempty"`
		StartColumn int  `json:"startColumn,omitempty"`
		EndLine     int  `json:"endLine,omitempty"`
		EndColumn   int  `json:"endColumn,omitempty"`
		CharOffset  *int `json:"charOffset,omitempty"`
		CharLength  *int `json:"charLength,omitempty"`
		ByteOffset  *int `json:"byteOffset,omitempty"`
		ByteLength  *int `json:"byteLength,omitempty"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifact      `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion  `json:"deletedRegion"`
		InsertedContent *sarifInsert `json:"insertedContent,omitempty"`
	}
	sarifInsert struct {
		Text string `json:"text"`
	}
)

// srcRoot is the uriBaseId of every artifact: paths are relative to the
// repository root (the checkout, for GitHub code scanning).
const srcRoot = "%SRCROOT%"

// fingerprintKey names sendfix's partial fingerprint: a hash of the
// transform, the path, the reported code and its ordinal among equal
// ones, so that a finding keeps its identity when lines move.
const fingerprintKey = "sendfix/v1"

// SARIF writes fs as one SARIF 2.1.0 log with a single run (indented,
// ending in a newline): a rule per transform, a result per finding, in
// the order given (call Sort first), each fixable one with its fix as
// artifactChanges. The same findings and options give the same bytes.
func SARIF(w io.Writer, fs []rewrite.Finding, opt SARIFOptions) error {
	source := func(path string) []byte {
		if opt.Source == nil {
			return nil
		}
		return opt.Source(path)
	}
	rules, index := sarifRules(fs, opt.Rules)
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: "sendfix", Version: opt.Version, Rules: rules}},
		ColumnKind: "unicodeCodePoints",
		Results:    make([]sarifResult, 0, len(fs)),
	}
	seen := map[string]int{}
	for _, f := range fs {
		src := source(f.Path)
		res := sarifResult{
			RuleID:    f.Transform,
			RuleIndex: index[f.Transform],
			Level:     "warning",
			Message:   sarifMessage{Text: strings.TrimRight(f.Message, "\r\n")},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: uriPath(f.Path), URIBaseID: srcRoot},
				Region:           findingRegion(f, src),
			}}},
			Properties: sarifResultProps{Fixable: f.Fix != nil},
		}
		key := fingerprintInput(f, src)
		res.PartialFingerprints = map[string]string{fingerprintKey: fingerprint(key, seen[key])}
		seen[key]++
		if f.Fix != nil && len(f.Fix.Edits) > 0 {
			res.Fixes = []sarifFix{sarifFixOf(f, source)}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifRules returns the rules, sorted by id, and each id's index.
func sarifRules(fs []rewrite.Finding, ts []*rewrite.Transform) ([]sarifRule, map[string]int) {
	byName := map[string]*rewrite.Transform{}
	for _, t := range ts {
		byName[t.Name] = t
	}
	for _, f := range fs {
		if _, ok := byName[f.Transform]; !ok {
			byName[f.Transform] = nil
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	rules := make([]sarifRule, 0, len(names))
	index := map[string]int{}
	for i, n := range names {
		index[n] = i
		rule := sarifRule{ID: n, Name: ruleName(n), DefaultConfiguration: sarifConfiguration{Level: "warning"},
			Properties: &sarifRuleProps{Tags: []string{"rust", "async", "send"}}}
		if t := byName[n]; t != nil && t.Doc != "" {
			summary, full, text, md := docParts(t.Doc)
			rule.ShortDescription = &sarifMultiformat{Text: summary}
			rule.FullDescription = &sarifMultiformat{Text: full}
			rule.Help = &sarifMultiformat{Text: text, Markdown: md}
		}
		rules = append(rules, rule)
	}
	return rules, index
}

// ruleName turns "scope-guard" into "ScopeGuard", SARIF's convention for
// a rule's name.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		r, size := utf8.DecodeRuneInString(part)
		b.WriteString(strings.ToUpper(string(r)))
		b.WriteString(part[size:])
	}
	return b.String()
}

// docParts splits a transform's doc ("name: summary\n\nbody...") into its
// summary, first paragraph, plain help text and Markdown help (the
// doc's indented examples become fenced Rust code).
func docParts(doc string) (summary, full, text, markdown string) {
	doc = strings.TrimRight(doc, "\n")
	first, body, _ := strings.Cut(doc, "\n")
	summary = first
	if _, s, ok := strings.Cut(first, ": "); ok {
		summary = s
	}
	body = strings.Trim(body, "\n")
	para, _, _ := strings.Cut(body, "\n\n")
	full = strings.Join(strings.Fields(para), " ")
	if full == "" {
		full = summary
	}
	text = doc
	markdown = docMarkdown(doc)
	return summary, full, text, markdown
}

// docMarkdown renders a doc as Markdown: the first line as a heading,
// runs of indented lines as ```rust blocks, the rest as it is.
func docMarkdown(doc string) string {
	lines := strings.Split(doc, "\n")
	var b strings.Builder
	b.WriteString("**" + lines[0] + "**\n")
	inCode := false
	for _, l := range lines[1:] {
		code := strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t")
		if code && !inCode {
			b.WriteString("```rust\n")
			inCode = true
		} else if !code && inCode {
			b.WriteString("```\n")
			inCode = false
		}
		if code {
			l = strings.TrimPrefix(strings.TrimPrefix(l, "    "), "\t")
		}
		b.WriteString(l + "\n")
	}
	if inCode {
		b.WriteString("```\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// findingRegion is the region of the reported node.
func findingRegion(f rewrite.Finding, src []byte) sarifRegion {
	if src == nil || f.Start < 0 || f.End < f.Start || f.End > len(src) {
		col := f.Col
		if col < 1 {
			col = 1
		}
		line := f.Line
		if line < 1 {
			line = 1
		}
		return sarifRegion{StartLine: line, StartColumn: col}
	}
	r := sarifRegion{}
	r.StartLine, r.StartColumn = pointLineCol(src, f.Start)
	r.EndLine, r.EndColumn = pointLineCol(src, f.End)
	return r
}

// pointLineCol returns the 1-based line and column, in code points, of a
// byte offset.
func pointLineCol(src []byte, off int) (int, int) {
	if off > len(src) {
		off = len(src)
	}
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(src[start:off])
}

// sarifFixOf turns a finding's fix into artifact changes, one per file
// (the finding's own first, then by path), replacements in file order.
func sarifFixOf(f rewrite.Finding, source func(string) []byte) sarifFix {
	byPath := map[string][]rewrite.Edit{}
	for _, e := range f.Fix.Edits {
		p := e.Path
		if p == "" {
			p = f.Path
		}
		byPath[p] = append(byPath[p], e)
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Slice(paths, func(i, j int) bool {
		if (paths[i] == f.Path) != (paths[j] == f.Path) {
			return paths[i] == f.Path
		}
		return paths[i] < paths[j]
	})
	desc := f.Fix.Message
	if desc == "" {
		desc = f.Message
	}
	fix := sarifFix{Description: sarifMessage{Text: desc}}
	for _, p := range paths {
		es := byPath[p]
		sort.SliceStable(es, func(i, j int) bool { return es[i].Start < es[j].Start })
		src := source(p)
		ch := sarifArtifactChange{ArtifactLocation: sarifArtifact{URI: uriPath(p), URIBaseID: srcRoot}}
		for _, e := range es {
			ch.Replacements = append(ch.Replacements, sarifReplacement{
				DeletedRegion:   editRegion(e, src),
				InsertedContent: &sarifInsert{Text: e.New},
			})
		}
		fix.ArtifactChanges = append(fix.ArtifactChanges, ch)
	}
	return fix
}

// editRegion is the region an edit replaces: lines, columns and
// charOffset/charLength in code points when the text is known, else
// byteOffset/byteLength.
func editRegion(e rewrite.Edit, src []byte) sarifRegion {
	start, end := e.Start, e.End
	if src == nil {
		n := end - start
		return sarifRegion{ByteOffset: &start, ByteLength: &n}
	}
	start = min(max(start, 0), len(src))
	end = min(max(end, start), len(src))
	r := sarifRegion{}
	r.StartLine, r.StartColumn = pointLineCol(src, start)
	r.EndLine, r.EndColumn = pointLineCol(src, end)
	off := utf8.RuneCount(src[:start])
	n := utf8.RuneCount(src[start:end])
	r.CharOffset, r.CharLength = &off, &n
	return r
}

func fingerprintInput(f rewrite.Finding, src []byte) string {
	code := f.Message
	if src != nil && f.Start >= 0 && f.Start <= f.End && f.End <= len(src) {
		code = string(src[f.Start:f.End])
	}
	return f.Transform + "\x00" + f.Path + "\x00" + code
}

func fingerprint(key string, ordinal int) string {
	h := sha256.New()
	io.WriteString(h, key)
	h.Write([]byte{0, byte(ordinal >> 24), byte(ordinal >> 16), byte(ordinal >> 8), byte(ordinal)})
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// uriPath percent-encodes a repository-relative path as a relative URI
// reference: unreserved characters, sub-delimiters, "@" and "/" stay;
// everything else (":" included, which could read as a scheme) is
// escaped byte by byte.
func uriPath(p string) string {
	const keep = "-._~!$&'()*+,;=@/"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
	}
	return b.String()
}
