// Package goldentest runs a package transform over multi-file test
// packages and compares the result with golden files:
// testdata/<transform>/<case>/ (Cargo.toml and src/*.rs) against
// golden/<transform>/<case>/ (the fixed files, fix.diff and findings.txt).
//
// A case's passes.txt, if present, names the passes to run (one per line,
// in order); by default only the transform under test runs. A case whose
// name starts with "neg-" must come out byte-identical, with no finding.
package goldentest

import (
	"bytes"
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

var editionRE = regexp.MustCompile(`(?m)^edition\s*=\s*"(\d+)"`)

// LoadCase reads a test package: Cargo.toml (optional) and every .rs file
// under dir, with paths relative to it.
func LoadCase(t *testing.T, dir string) ([]rewrite.Source, *rewrite.Source) {
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

// Run checks every case of testdata/<name>/ (relative to root, the module
// root) against golden/<name>/. byName resolves the names of passes.txt.
func Run(t *testing.T, root, name string, self *rewrite.Transform, byName func(string) *rewrite.Transform, update bool) {
	dirs, err := filepath.Glob(filepath.Join(root, "testdata", name, "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatalf("no cases in testdata/%s", name)
	}
	for _, dir := range dirs {
		cas := filepath.Base(dir)
		t.Run(cas, func(t *testing.T) {
			passes := []*rewrite.Transform{self}
			if data, err := os.ReadFile(filepath.Join(dir, "passes.txt")); err == nil {
				passes = nil
				for _, l := range strings.Fields(string(data)) {
					p := byName(l)
					if p == nil {
						t.Fatalf("passes.txt: unknown pass %q", l)
					}
					passes = append(passes, p)
				}
			}
			files, manifest := LoadCase(t, dir)
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
			if strings.HasPrefix(cas, "neg-") {
				if diff.Len() > 0 || len(findings) > 0 {
					var text bytes.Buffer
					diffout.Text(&text, findings)
					t.Errorf("a negative case must stay byte-identical, with no finding:\n%s%s", text.Bytes(), diff.Bytes())
				}
				return
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

			base := filepath.Join(root, "golden", name, cas)
			for _, o := range out {
				compareGolden(t, filepath.Join(base, filepath.FromSlash(o.Path)), o.Src, update)
			}
			compareGolden(t, filepath.Join(base, "fix.diff"), diff.Bytes(), update)
			compareGolden(t, filepath.Join(base, "findings.txt"), text.Bytes(), update)
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte, update bool) {
	t.Helper()
	if update {
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
