package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"sendfix/cmd/sendfix/internal/cli"
)

// TestMain lets the test binary stand in for the sendfix command inside
// the scripts: testscript copies it onto $PATH as "sendfix".
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"sendfix": func() { os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end CLI scripts in testdata/script. Scripts
// named bug_*.txtar reproduce known bugs: they assert the correct
// behaviour and fail until the bug is fixed. Skip them with
//
//	go test ./cmd/sendfix -run 'TestScripts/^[^b]'
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		Setup:               setup,
		Condition:           condition,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exitcode": cmdExitcode, "writebytes": cmdWritebytes},
		RequireExplicitExec: false,
		UpdateScripts:       os.Getenv("SENDFIX_UPDATE_SCRIPTS") != "",
	})
}

// setup makes git usable on a clean machine (also as root) and keeps it
// from seeing any repository or configuration outside $WORK.
func setup(env *testscript.Env) error {
	home := filepath.Join(env.WorkDir, ".home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	gitconfig := "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n[core]\n\tautocrlf = false\n"
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(gitconfig), 0o644); err != nil {
		return err
	}
	for _, kv := range [][2]string{
		{"HOME", home},
		{"XDG_CONFIG_HOME", filepath.Join(home, ".config")},
		{"GIT_CONFIG_NOSYSTEM", "1"},
		{"GIT_AUTHOR_NAME", "sendfix test"},
		{"GIT_AUTHOR_EMAIL", "sendfix@example.invalid"},
		{"GIT_COMMITTER_NAME", "sendfix test"},
		{"GIT_COMMITTER_EMAIL", "sendfix@example.invalid"},
		// $WORK is under the system temp directory: never let git find a
		// repository above it.
		{"GIT_CEILING_DIRECTORIES", filepath.Dir(env.WorkDir)},
		{"LC_ALL", "C"},
	} {
		env.Setenv(kv[0], kv[1])
	}
	return nil
}

// condition adds [root] (tests run as root in CI, where permission bits do
// not stop reads and writes).
func condition(cond string) (bool, error) {
	switch cond {
	case "root":
		return runtime.GOOS != "windows" && os.Geteuid() == 0, nil
	}
	return false, errors.New("unknown condition " + strconv.Quote(cond))
}

// cmdExitcode runs a command and checks its exact exit status; its stdout
// and stderr are kept for the stdout/stderr/cmp commands that follow.
//
//	exitcode N command [args...]
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exitcode")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// cmdWritebytes writes a Go-quoted string (which may hold invalid UTF-8
// such as "\xff") to a file.
//
//	writebytes file "quoted"
func cmdWritebytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: writebytes file \"go-quoted string\"")
	}
	data, err := strconv.Unquote(`"` + args[1] + `"`)
	if err != nil {
		ts.Fatalf("writebytes: %v", err)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o644))
}
