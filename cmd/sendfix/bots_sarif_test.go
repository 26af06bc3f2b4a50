package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sendfix check --format sarif, end to end: the log validates against
// the SARIF 2.1.0 schema shipped in diffout/testdata, is byte-identical
// whatever the number of jobs, and its fixes, applied by a SARIF consumer
// (charOffset/charLength in code points), give exactly what sendfix fix
// writes.

var sarifCase = map[string]string{
	"Cargo.toml": "[package]\nname = \"svc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntokio = { version = \"1\", features = [\"full\"] }\n",
	"src/lib.rs": "pub mod a;\npub mod b;\n",
	"src/a.rs": `use std::sync::{Arc, Mutex};

async fn tick() {}

/// Zählt — «größer» als 1.
pub async fn bump(counter: Arc<Mutex<u64>>, é: u64) {
    let mut n = counter.lock().unwrap(); // ünïcödé before: columns count code points
    *n += é;
    tick().await;
}

pub async fn keep(counter: Arc<Mutex<u64>>) {
    let mut n = counter.lock().unwrap();
    tick().await;
    *n += 1;
}
`,
	"src/b.rs": `use std::cell::RefCell;
use std::rc::Rc;

async fn tick() {}

pub async fn sum(cell: Rc<RefCell<Vec<u64>>>) -> u64 {
    let v = cell.borrow();
    let total: u64 = v.iter().sum();
    tick().await;
    total
}
`,
	"src/with space.rs": `use std::sync::{Arc, Mutex};

async fn tick() {}

pub async fn bump(counter: Arc<Mutex<u64>>) {
    let mut n = counter.lock().unwrap();
    *n += 1;
    tick().await;
}
`,
}

type sarifLog struct {
	Runs []struct {
		Results []struct {
			RuleID    string `json:"ruleId"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			Fixes []struct {
				ArtifactChanges []struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Replacements []struct {
						DeletedRegion struct {
							CharOffset *int `json:"charOffset"`
							CharLength *int `json:"charLength"`
						} `json:"deletedRegion"`
						InsertedContent struct {
							Text string `json:"text"`
						} `json:"insertedContent"`
					} `json:"replacements"`
				} `json:"artifactChanges"`
			} `json:"fixes"`
		} `json:"results"`
		Tool struct {
			Driver struct {
				Rules []struct {
					ID   string `json:"id"`
					Help *struct {
						Text string `json:"text"`
					} `json:"help"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
	} `json:"runs"`
}

func runSendfix(t *testing.T, dir string, args ...string) ([]byte, int) {
	t.Helper()
	bin, err := exec.LookPath("sendfix")
	if err != nil {
		t.Skip("sendfix is not on $PATH (run through go test)")
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SENDFIX_NO_CACHE=1", "GIT_CEILING_DIRECTORIES="+filepath.Dir(dir))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	if code == 2 {
		t.Fatalf("sendfix %v: exit 2\n%s", args, stderr.String())
	}
	return out, code
}

func TestSARIFEndToEnd(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, sarifCase)
	out, code := runSendfix(t, dir, "check", "--format", "sarif", "-j", "1")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	again, _ := runSendfix(t, dir, "check", "--format", "sarif", "-j", "4", ".")
	if !bytes.Equal(out, again) {
		t.Fatalf("SARIF differs between runs:\n%s\n---\n%s", out, again)
	}

	// The schema.
	f, err := os.Open(filepath.Join("..", "..", "diffout", "testdata", "sarif-2.1.0-subset.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("invalid SARIF: %v\n%s", err, out)
	}

	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	for _, r := range run.Tool.Driver.Rules {
		if r.Help == nil || !strings.HasPrefix(r.Help.Text, r.ID+": ") {
			t.Errorf("rule %s has no help from its transform's doc", r.ID)
		}
	}
	uris := map[string]bool{}
	for _, res := range run.Results {
		uris[res.Locations[0].PhysicalLocation.ArtifactLocation.URI] = true
	}
	for _, want := range []string{"src/a.rs", "src/b.rs", "src/with%20space.rs"} {
		if !uris[want] {
			t.Errorf("no result for %s (have %v)", want, uris)
		}
	}

	// Apply every fix as a SARIF consumer would, and compare with fix.
	texts := map[string][]rune{}
	for name, text := range sarifCase {
		texts[strings.ReplaceAll(name, " ", "%20")] = []rune(text)
	}
	type rep struct {
		off, n int
		text   string
	}
	reps := map[string][]rep{}
	for _, res := range run.Results {
		for _, fx := range res.Fixes {
			for _, ch := range fx.ArtifactChanges {
				for _, r := range ch.Replacements {
					if r.DeletedRegion.CharOffset == nil || r.DeletedRegion.CharLength == nil {
						t.Fatalf("replacement without charOffset/charLength in %s", ch.ArtifactLocation.URI)
					}
					reps[ch.ArtifactLocation.URI] = append(reps[ch.ArtifactLocation.URI], rep{*r.DeletedRegion.CharOffset, *r.DeletedRegion.CharLength, r.InsertedContent.Text})
				}
			}
		}
	}
	if len(reps) == 0 {
		t.Fatal("no fixes in the SARIF log")
	}
	fixed := t.TempDir()
	writeFiles(t, fixed, sarifCase)
	if _, code := runSendfix(t, fixed, "fix", "--allow-dirty"); code == 2 {
		t.Fatal("fix failed")
	}
	for uri, rs := range reps {
		sort.Slice(rs, func(i, j int) bool { return rs[i].off > rs[j].off })
		text := texts[uri]
		for _, r := range rs {
			text = append(append(append([]rune(nil), text[:r.off]...), []rune(r.text)...), text[r.off+r.n:]...)
		}
		want, err := os.ReadFile(filepath.Join(fixed, strings.ReplaceAll(uri, "%20", " ")))
		if err != nil {
			t.Fatal(err)
		}
		if string(text) != string(want) {
			t.Errorf("%s: SARIF fixes give\n%s\nsendfix fix wrote\n%s", uri, string(text), want)
		}
	}
}
