package compiler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// targetFlags select what cargo checks; without one, sendfix checks all
// targets (tests and examples hold spawned futures too).
var targetFlags = []string{"--lib", "--bin", "--bins", "--example", "--examples", "--test", "--tests", "--bench", "--benches", "--all-targets"}

// CheckArgs returns the cargo arguments for a JSON check with the user's
// extra arguments (packages, features, targets). The check keeps going
// after a target fails: without --keep-going cargo stops starting targets
// at the first error, so which Send errors of a workspace get reported
// would depend on the order its jobs happened to run in.
func CheckArgs(extra []string) []string {
	args := []string{"check", "--message-format=json"}
	all, keepGoing := true, true
	for _, a := range extra {
		for _, f := range targetFlags {
			if a == f || strings.HasPrefix(a, f+"=") {
				all = false
			}
		}
		if a == "--keep-going" {
			keepGoing = false
		}
	}
	if all {
		args = append(args, "--all-targets")
	}
	if keepGoing {
		args = append(args, "--keep-going")
	}
	return append(args, extra...)
}

// ErrNoCargo is returned when cargo is not on PATH.
var ErrNoCargo = errors.New("cargo not found on PATH: install Rust (rustup) or pass --diagnostics FILE")

// Check runs `cargo check --message-format=json` in dir and returns its
// standard output. A failed build is not an error (that is what sendfix
// is for); cargo failing before it could build is (a bad manifest).
func Check(ctx context.Context, dir, targetDir string, extra []string) ([]byte, error) {
	cargo, err := exec.LookPath("cargo")
	if err != nil {
		return nil, ErrNoCargo
	}
	cmd := exec.CommandContext(ctx, cargo, CheckArgs(extra)...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if targetDir != "" {
		cmd.Env = append(cmd.Env, "CARGO_TARGET_DIR="+targetDir)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if err != nil && !bytes.Contains(stdout.Bytes(), []byte(`"reason":"build-finished"`)) {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndex(msg, "error:"); i >= 0 {
			msg = msg[i:]
		}
		return nil, fmt.Errorf("cargo check in %s failed: %s", dir, msg)
	}
	return stdout.Bytes(), nil
}

// WorkspaceRoot returns the directory of the workspace manifest for dir.
func WorkspaceRoot(ctx context.Context, dir string) (string, error) {
	cargo, err := exec.LookPath("cargo")
	if err != nil {
		return "", ErrNoCargo
	}
	cmd := exec.CommandContext(ctx, cargo, "locate-project", "--workspace", "--message-format", "plain")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("no Cargo workspace at %s: %s", dir, strings.TrimSpace(stderr.String()))
	}
	manifest := strings.TrimSpace(string(out))
	return dirOf(manifest), nil
}

func dirOf(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[:i]
	}
	return "."
}
