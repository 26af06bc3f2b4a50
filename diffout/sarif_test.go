package diffout

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"sendfix/rewrite"
)

// sarifSchema compiles the SARIF 2.1.0 schema shipped in testdata (see
// its description: the objects sendfix writes, written from the
// specification), with format assertions (uri, uri-reference) on.
func sarifSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join("testdata", "sarif-2.1.0-subset.schema.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// ValidateSARIF checks a document against the schema and the typed
// structure below; exported to the package's tests only.
func validateSARIF(t testing.TB, out []byte) sarifDoc {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, out)
	}
	return decodeSARIF(t, out)
}

// sarifDoc is the typed reading of what GitHub code scanning needs;
// DisallowUnknownFields catches a property we did not mean to write.
type sarifDoc struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID                   string            `json:"id"`
					Name                 string            `json:"name"`
					ShortDescription     *sarifMultiformat `json:"shortDescription"`
					FullDescription      *sarifMultiformat `json:"fullDescription"`
					Help                 *sarifMultiformat `json:"help"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties struct {
						Tags []string `json:"tags"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind string `json:"columnKind"`
		Results    []struct {
			RuleID    string       `json:"ruleId"`
			RuleIndex int          `json:"ruleIndex"`
			Level     string       `json:"level"`
			Message   sarifMessage `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation sarifArtifact `json:"artifactLocation"`
					Region           sarifRegion   `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Fixes               []struct {
				Description     sarifMessage `json:"description"`
				ArtifactChanges []struct {
					ArtifactLocation sarifArtifact `json:"artifactLocation"`
					Replacements     []struct {
						DeletedRegion   sarifRegion  `json:"deletedRegion"`
						InsertedContent *sarifInsert `json:"insertedContent"`
					} `json:"replacements"`
				} `json:"artifactChanges"`
			} `json:"fixes"`
			Properties struct {
				Fixable bool `json:"fixable"`
			} `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

func decodeSARIF(t testing.TB, out []byte) sarifDoc {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.DisallowUnknownFields()
	var doc sarifDoc
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("typed decode: %v", err)
	}
	if doc.Version != "2.1.0" || doc.Schema != SARIFSchema || len(doc.Runs) != 1 {
		t.Fatalf("log header: version %q schema %q, %d runs", doc.Version, doc.Schema, len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.Tool.Driver.Name != "sendfix" || run.ColumnKind != "unicodeCodePoints" {
		t.Fatalf("run: driver %q columnKind %q", run.Tool.Driver.Name, run.ColumnKind)
	}
	for i, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.DefaultConfiguration.Level != "warning" {
			t.Errorf("rule %d: %+v", i, r)
		}
		if i > 0 && run.Tool.Driver.Rules[i-1].ID >= r.ID {
			t.Errorf("rules not sorted by id: %q before %q", run.Tool.Driver.Rules[i-1].ID, r.ID)
		}
	}
	for i, res := range run.Results {
		rules := run.Tool.Driver.Rules
		if res.RuleIndex < 0 || res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %d does not name rule %q", i, res.RuleIndex, res.RuleID)
		}
		if res.Message.Text == "" || len(res.Locations) != 1 {
			t.Errorf("result %d: message %q, %d locations", i, res.Message.Text, len(res.Locations))
		}
		for _, l := range res.Locations {
			a := l.PhysicalLocation.ArtifactLocation
			if a.URI == "" || strings.HasPrefix(a.URI, "/") || a.URIBaseID != srcRoot {
				t.Errorf("result %d: artifact %+v", i, a)
			}
			if l.PhysicalLocation.Region.StartLine < 1 || l.PhysicalLocation.Region.StartColumn < 1 {
				t.Errorf("result %d: region %+v", i, l.PhysicalLocation.Region)
			}
		}
		if len(res.PartialFingerprints[fingerprintKey]) != 32 {
			t.Errorf("result %d: fingerprints %v", i, res.PartialFingerprints)
		}
		if res.Properties.Fixable != (len(res.Fixes) > 0) {
			t.Errorf("result %d: fixable %v with %d fixes", i, res.Properties.Fixable, len(res.Fixes))
		}
	}
	return doc
}

var sarifRulesUnderTest = []*rewrite.Transform{
	{Name: "scope-guard", Doc: "scope-guard: end a guard's scope before an .await\n\nA guard is not Send.\nHeld across an await, it makes the future !Send.\n\nBefore:\n    let g = m.lock().unwrap();\n    f().await;\nAfter:\n    { let g = m.lock().unwrap(); }\n    f().await;"},
	{Name: "send-bound", Doc: "send-bound: add + Send to trait objects\n\nBox<dyn Error> is not Send."},
}

func TestSARIFValidates(t *testing.T) {
	fs := sampleFindings()
	Sort(fs)
	var b bytes.Buffer
	if err := SARIF(&b, fs, SARIFOptions{Rules: sarifRulesUnderTest, Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	doc := validateSARIF(t, b.Bytes())
	run := doc.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	// Rules: the transforms given, plus those only named by findings.
	if got := strings.Join(ids, " "); got != "async-mutex rc-to-arc scope-guard send-bound" {
		t.Errorf("rules %s", got)
	}
	sg := run.Tool.Driver.Rules[2]
	if sg.Name != "ScopeGuard" || sg.ShortDescription.Text != "end a guard's scope before an .await" ||
		sg.FullDescription.Text != "A guard is not Send. Held across an await, it makes the future !Send." ||
		!strings.Contains(sg.Help.Markdown, "```rust\nlet g = m.lock().unwrap();\nf().await;\n```") {
		t.Errorf("scope-guard rule: %+v %+v %+v", sg, sg.ShortDescription, sg.Help)
	}
	if run.Tool.Driver.Rules[0].Help != nil {
		t.Errorf("a rule without a transform has no help: %+v", run.Tool.Driver.Rules[0])
	}
	if run.Tool.Driver.Version != "1.2.3" || len(run.Results) != len(fs) {
		t.Fatalf("driver version %q, %d results", run.Tool.Driver.Version, len(run.Results))
	}
	// Without sources: byte columns for results, byte offsets for edits.
	r0 := run.Results[0] // src/a,b:c%.rs
	if u := r0.Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "src/a,b%3Ac%25.rs" {
		t.Errorf("uri %q", u)
	}
	for _, res := range run.Results {
		for _, fx := range res.Fixes {
			for _, ch := range fx.ArtifactChanges {
				for _, rep := range ch.Replacements {
					if rep.DeletedRegion.ByteOffset == nil || rep.DeletedRegion.ByteLength == nil || rep.InsertedContent == nil {
						t.Errorf("%s: replacement %+v", res.RuleID, rep)
					}
				}
			}
		}
	}
	if msg := run.Results[1].Message.Text; strings.HasSuffix(msg, "\n") {
		t.Errorf("trailing newline kept: %q", msg)
	}
}

func TestSARIFEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := SARIF(&b, nil, SARIFOptions{}); err != nil {
		t.Fatal(err)
	}
	doc := validateSARIF(t, b.Bytes())
	if doc.Runs[0].Results == nil || len(doc.Runs[0].Results) != 0 || doc.Runs[0].Tool.Driver.Rules == nil {
		t.Fatalf("want empty results and rules arrays:\n%s", b.String())
	}
	if !strings.Contains(b.String(), `"results": []`) {
		t.Fatalf("results must be [], not null:\n%s", b.String())
	}
}

// With the files' text, columns and char offsets count code points, and
// a fix spanning two files (the Rust file and Cargo.toml) has one
// artifactChange per file, the finding's own first.
func TestSARIFCodePointsAndMultiFileFix(t *testing.T) {
	rs := "fn main() {\n    let é = \"ü\"; let g = m.lock().unwrap();\n}\n"
	toml := "[dependencies]\ntokio = \"1\"\n"
	gStart := strings.Index(rs, "g =")
	sources := map[string][]byte{"src/main.rs": []byte(rs), "Cargo.toml": []byte(toml)}
	tokio := strings.Index(toml, "\"1\"")
	f := rewrite.Finding{
		Transform: "async-mutex", Path: "src/main.rs", Start: gStart, End: gStart + 1, Line: 2, Col: gStart - 12 + 1,
		Message: "`g` is used after the .await",
		Fix: &rewrite.Fix{Message: "switch to tokio::sync::Mutex", Edits: []rewrite.Edit{
			{Path: "Cargo.toml", Start: tokio, End: tokio + 3, New: `{ version = "1", features = ["sync"] }`},
			{Start: gStart + 4, End: gStart + 4, New: "/*x*/"},
		}},
	}
	var b bytes.Buffer
	if err := SARIF(&b, []rewrite.Finding{f}, SARIFOptions{Source: func(p string) []byte { return sources[p] }}); err != nil {
		t.Fatal(err)
	}
	doc := validateSARIF(t, b.Bytes())
	res := doc.Runs[0].Results[0]
	reg := res.Locations[0].PhysicalLocation.Region
	// "    let é = \"ü\"; let " is 21 code points (23 bytes) before g.
	if reg.StartLine != 2 || reg.StartColumn != 22 || reg.EndColumn != 23 || reg.EndLine != 2 {
		t.Errorf("region %+v, want 2:22-2:23", reg)
	}
	chs := res.Fixes[0].ArtifactChanges
	if len(chs) != 2 || chs[0].ArtifactLocation.URI != "src/main.rs" || chs[1].ArtifactLocation.URI != "Cargo.toml" {
		t.Fatalf("artifact changes %+v", chs)
	}
	ins := chs[0].Replacements[0].DeletedRegion
	if *ins.CharOffset != 12+25 || *ins.CharLength != 0 || ins.StartColumn != 26 || ins.EndColumn != 26 {
		t.Errorf("insertion region %+v (charOffset %d)", ins, *ins.CharOffset)
	}
	dep := chs[1].Replacements[0].DeletedRegion
	if dep.StartLine != 2 || dep.StartColumn != 9 || dep.EndColumn != 12 || *dep.CharLength != 3 {
		t.Errorf("Cargo.toml region %+v", dep)
	}
}

// Same findings, same bytes, whatever the order of the rules given.
func TestSARIFDeterministic(t *testing.T) {
	render := func(rules []*rewrite.Transform) string {
		fs := sampleFindings()
		Sort(fs)
		var b bytes.Buffer
		if err := SARIF(&b, fs, SARIFOptions{Rules: rules}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a := render(sarifRulesUnderTest)
	b := render([]*rewrite.Transform{sarifRulesUnderTest[1], sarifRulesUnderTest[0]})
	if a != b {
		t.Fatal("output depends on the order of the rules")
	}
	for i := 0; i < 5; i++ {
		if render(sarifRulesUnderTest) != a {
			t.Fatal("output differs between runs")
		}
	}
}

// Equal findings (same transform, file and code) get distinct
// fingerprints, and a finding keeps its fingerprint when its line moves.
func TestSARIFFingerprints(t *testing.T) {
	src1 := []byte("let g = 1;\nlet g = 1;\n")
	src2 := []byte("\n\nlet g = 1;\nlet g = 1;\n")
	render := func(src []byte) []string {
		var fs []rewrite.Finding
		for at := 0; ; {
			i := bytes.Index(src[at:], []byte("g"))
			if i < 0 {
				break
			}
			i += at
			at = i + 1
			fs = append(fs, rewrite.Finding{Transform: "scope-guard", Path: "a.rs", Start: i, End: i + 1, Line: 1 + bytes.Count(src[:i], []byte("\n")), Col: 5, Message: "m"})
		}
		var b bytes.Buffer
		if err := SARIF(&b, fs, SARIFOptions{Source: func(string) []byte { return src }}); err != nil {
			t.Fatal(err)
		}
		doc := validateSARIF(t, b.Bytes())
		var out []string
		for _, r := range doc.Runs[0].Results {
			out = append(out, r.PartialFingerprints[fingerprintKey])
		}
		return out
	}
	a, b := render(src1), render(src2)
	if len(a) != 2 || a[0] == a[1] {
		t.Fatalf("fingerprints %v", a)
	}
	if a[0] != b[0] || a[1] != b[1] {
		t.Fatalf("fingerprints moved with the lines: %v vs %v", a, b)
	}
}

// The schema is strict: a property SARIF does not define fails, so the
// validation above is not vacuous.
func TestSARIFSchemaRejects(t *testing.T) {
	sch := sarifSchema(t)
	for _, bad := range []string{
		`{"version":"2.1.0"}`,
		`{"version":"2.0.0","runs":[]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"fixes":[{"artifactChanges":[]}]}]}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a b"},"region":{"startLine":0}}}]}]}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"surprise":1}]}]}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(inst) == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
}
