package rewrite

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestGitDiscoveryAgreesWithGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(base))
	unsetGitEnv(t)
	mk := func(p string) string {
		full := filepath.Join(base, p)
		if err := os.MkdirAll(full, 0o755); err != nil {
			t.Fatal(err)
		}
		return full
	}
	git := func(dir string, args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	mk("plain/a/b")
	git(mk("repo/src/deep/er"), "init", "-q", ".") // a repo whose root is repo/src/deep/er
	git(mk("repo2"), "init", "-q")
	mk("repo2/src/x")
	git(mk("repo2/nested/inner"), "init", "-q") // a nested repository
	mk("repo2/nested/inner/src")
	// a .git file (worktree/submodule style) pointing at a real git dir
	git(mk("store"), "init", "-q", "--bare", "wt.git")
	wt := mk("wt/src")
	if err := os.WriteFile(filepath.Join(base, "wt", ".git"), []byte("gitdir: "+filepath.Join(base, "store", "wt.git")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(filepath.Join(base, "store", "wt.git"), "config", "core.bare", "false")
	git(filepath.Join(base, "store", "wt.git"), "config", "core.worktree", filepath.Join(base, "wt"))
	// a bogus .git file: git fails there
	mk("bogus/src")
	if err := os.WriteFile(filepath.Join(base, "bogus", ".git"), []byte("not a gitdir\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// a symlink into a repository
	if err := os.Symlink(filepath.Join(base, "repo2", "src"), filepath.Join(base, "plain", "link")); err != nil {
		t.Fatal(err)
	}
	_ = wt
	dirs := []string{"plain", "plain/a/b", "plain/link", "repo", "repo/src", "repo/src/deep/er",
		"repo2", "repo2/src/x", "repo2/nested", "repo2/nested/inner", "repo2/nested/inner/src",
		"wt", "wt/src", "bogus", "bogus/src", "store"}
	check := func(t *testing.T) {
		d := &gitDiscovery{}
		for _, rel := range dirs {
			dir := filepath.Join(base, rel)
			want := askGitTopLevel(dir)
			if got := d.topLevel(dir, askGitTopLevel); got != want {
				t.Errorf("%s: got %q, git says %q", rel, got, want)
			}
		}
	}
	t.Run("default", check)
	// A ceiling inside repo2 hides repo2 from the directories below it.
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(base)+string(filepath.ListSeparator)+filepath.Join(base, "repo2", "src"))
	t.Run("ceiling", check)
}

// TestGitDiscoveryRunsGitOncePerRepository is the point of gitDiscovery:
// a thousand directories of one repository cost one git process.
func TestGitDiscoveryRunsGitOncePerRepository(t *testing.T) {
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	unsetGitEnv(t)
	if err := os.Mkdir(filepath.Join(base, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	calls := 0
	d := &gitDiscovery{}
	for i := 0; i < 50; i++ {
		dir := filepath.Join(base, "d", strings.Repeat("x", i%7+1), strings.Repeat("y", i+1))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if got := d.topLevel(dir, func(string) string { calls++; return base }); got != base {
			t.Fatalf("%s: got %q", dir, got)
		}
	}
	if calls != 1 {
		t.Errorf("git ran %d times, want 1", calls)
	}
}

// unsetGitEnv clears the variables that make gitDiscovery ask git every
// time (restored after the test).
func unsetGitEnv(t *testing.T) {
	for _, k := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_DISCOVERY_ACROSS_FILESYSTEM"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}
