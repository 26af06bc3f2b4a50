package asyncmutex

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"sendfix/diffout"
	"sendfix/rewrite"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var editionRE = regexp.MustCompile(`(?m)^edition\s*=\s*"(\d+)"`)

// loadCase reads a mini package: Cargo.toml (optional) and every .rs file
// under the case directory, with paths relative to it.
func loadCase(t *testing.T, dir string) ([]rewrite.Source, *rewrite.Source) {
	t.Helper()
	var manifest *rewrite.Source
	edition := "2021"
	if data, err := os.ReadFile(filepath.Join(dir, "Cargo.toml")); err == nil {
		manifest = &rewrite.Source{Path: "Cargo.toml", Src: data}
		if m := editionRE.FindSubmatch(data); m != nil {
			edition = string(m[1])
		}
	}
	var files []rewrite.Source
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rs") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		files = append(files, rewrite.Source{Path: filepath.ToSlash(rel), Src: data, Edition: edition})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, manifest
}

// TestGolden runs the pass through the engine over every package under
// testdata/async-mutex/<case>/ and compares the fixed files, their diff and
// the findings with golden/async-mutex/<case>/.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/async-mutex/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no cases in testdata/async-mutex")
	}
	passes := []*rewrite.Transform{Transform}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			files, manifest := loadCase(t, dir)
			out, findings, errs := rewrite.FixFiles(files, manifest, false, passes)
			if len(errs) > 0 {
				t.Fatalf("input does not parse: %v", errs)
			}
			in := append([]rewrite.Source(nil), files...)
			if manifest != nil {
				in = append(in, *manifest)
			}
			var diff bytes.Buffer
			for i, o := range out {
				if strings.HasSuffix(o.Path, ".rs") {
					tree := rewrite.Parse(o.Src)
					bad := tree.RootNode().HasError()
					tree.Close()
					if bad {
						t.Errorf("%s: fixed text does not parse:\n%s", o.Path, o.Src)
					}
				}
				diff.Write(diffout.Unified(o.Path, in[i].Src, o.Src, false))
			}
			// A second run changes nothing.
			var again []rewrite.Source
			var againManifest *rewrite.Source
			for _, o := range out {
				if o.Path == "Cargo.toml" {
					m := o
					againManifest = &m
				} else {
					again = append(again, o)
				}
			}
			out2, _, _ := rewrite.FixFiles(again, againManifest, false, passes)
			for i := range out2 {
				if !bytes.Equal(out2[i].Src, out[i].Src) {
					t.Errorf("a second run changes %s again:\n%s", out[i].Path, diffout.Unified(out[i].Path, out[i].Src, out2[i].Src, false))
				}
			}
			if diff.Len() > 0 {
				checkGitApply(t, in, out, diff.Bytes())
			}
			var text bytes.Buffer
			diffout.Text(&text, findings)

			base := filepath.Join("../../golden/async-mutex", name)
			for _, o := range out {
				compareGolden(t, filepath.Join(base, filepath.FromSlash(o.Path)), o.Src)
			}
			compareGolden(t, filepath.Join(base, "fix.diff"), diff.Bytes())
			compareGolden(t, filepath.Join(base, "findings.txt"), text.Bytes())
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
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
// produces exactly the fixed files.
func checkGitApply(t *testing.T, in, out []rewrite.Source, diff []byte) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is needed under CI")
		}
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	for _, f := range in {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("git", "apply", "--unsafe-paths", "-")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(diff)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply rejects the diff: %v\n%s\n%s", err, msg, diff)
	}
	for _, f := range out {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.Src) {
			t.Errorf("git apply gives a different %s than the fix:\n%s", f.Path, got)
		}
	}
}
