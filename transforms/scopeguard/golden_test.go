package scopeguard

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"sendfix/diffout"
	"sendfix/rewrite"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden runs the transform through the engine over every
// testdata/scope-guard/*.rs and compares the fixed text, the diff and the
// findings with golden/scope-guard/. Inputs whose name contains "2024" are
// read as edition 2024.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("../../testdata/scope-guard/*.rs")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no inputs in testdata/scope-guard")
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".rs")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			edition := "2021"
			if strings.Contains(name, "2024") {
				edition = "2024"
			}
			path := "testdata/scope-guard/" + name + ".rs"
			out, findings, err := rewrite.FixSource(path, src, edition, false, []*rewrite.Transform{Transform})
			if err != nil {
				t.Fatalf("input does not parse: %v", err)
			}
			var text bytes.Buffer
			diffout.Text(&text, findings)
			diff := diffout.Unified(path, src, out, false)

			tree := rewrite.Parse(out)
			bad := tree.RootNode().HasError()
			tree.Close()
			if bad {
				t.Errorf("fixed text does not parse:\n%s", out)
			}
			again, _, _ := rewrite.FixSource(path, out, edition, false, []*rewrite.Transform{Transform})
			if !bytes.Equal(again, out) {
				t.Errorf("a second run changes the text again:\n%s", diffout.Unified(path, out, again, false))
			}
			if len(diff) > 0 {
				checkGitApply(t, path, src, out, diff)
			}

			base := filepath.Join("../../golden/scope-guard", name)
			compareGolden(t, base+".rs", out)
			compareGolden(t, base+".diff", diff)
			compareGolden(t, base+".findings", text.Bytes())
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s", path, diffout.Unified(path, want, got, false))
	}
}

// checkGitApply proves the diff is one `git apply` accepts and that it
// produces exactly the fixed text.
func checkGitApply(t *testing.T, path string, old, new, diff []byte) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is needed under CI")
		}
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, old, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "apply", "--unsafe-paths", "-")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(diff)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply rejects the diff: %v\n%s\n%s", err, out, diff)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, new) {
		t.Errorf("git apply gives a different text than the fix:\n%s", got)
	}
}
