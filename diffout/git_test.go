package diffout

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gitPath returns the git binary, skipping the test when there is none
// (failing instead when CI=true, where a missing git is a broken setup).
func gitPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("git is required when CI=true: %v", err)
		}
		t.Skipf("git not found: %v", err)
	}
	return p
}

// gitEnv is the environment git runs in: no system, global or user
// configuration, no inherited GIT_* variables (a test run from a git hook
// must not touch the outer repository), a fixed locale.
func gitEnv(home string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GIT_") || strings.HasPrefix(kv, "HOME=") ||
			strings.HasPrefix(kv, "XDG_CONFIG_HOME=") || strings.HasPrefix(kv, "LC_") ||
			strings.HasPrefix(kv, "LANG=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_TERMINAL_PROMPT=0",
		"GIT_PAGER=cat",
		"LC_ALL=C",
	)
}

// gitRunner runs git in isolation (see gitEnv) with a private HOME.
type gitRunner struct {
	bin, home string
}

func newGit(t *testing.T) *gitRunner {
	t.Helper()
	return &gitRunner{bin: gitPath(t), home: t.TempDir()}
}

type gitError struct {
	args   []string
	code   int
	stderr string
	err    error
}

func (e *gitError) Error() string {
	return "git " + strings.Join(e.args, " ") + ": " + e.err.Error() + "\n" + e.stderr
}

// run runs git in dir with stdin and returns its stdout; a non-zero exit
// is returned as a *gitError carrying stderr.
func (g *gitRunner) run(dir string, stdin []byte, args ...string) ([]byte, error) {
	full := append([]string{
		"-c", "user.email=t@t", "-c", "user.name=t",
		"-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
		"-c", "core.autocrlf=false", "-c", "core.safecrlf=false",
		"-c", "core.quotePath=true",
		"-c", "color.ui=false", "-c", "diff.noprefix=false",
	}, args...)
	cmd := exec.Command(g.bin, full...)
	cmd.Dir = dir
	cmd.Env = gitEnv(g.home)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		code := -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return out.Bytes(), &gitError{args, code, errb.String(), err}
	}
	return out.Bytes(), nil
}

func (g *gitRunner) must(t *testing.T, dir string, stdin []byte, args ...string) []byte {
	t.Helper()
	out, err := g.run(dir, stdin, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
