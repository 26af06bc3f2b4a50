package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// These tests drive sendfix through a pseudo-terminal (creack/pty), as a
// person at a terminal would: fix --interactive answering its questions,
// and the progress bar on a terminal's stderr. The sendfix on $PATH is
// this test binary (TestMain).

const fixableTwice = `use std::sync::{Arc, Mutex};

async fn tick() {}

pub async fn first(counter: Arc<Mutex<u64>>) {
    let mut n = counter.lock().unwrap();
    *n += 1;
    tick().await;
}

pub async fn second(counter: Arc<Mutex<u64>>) {
    let mut m = counter.lock().unwrap();
    *m += 2;
    tick().await;
}
`

const fixableOnce = `use std::sync::{Arc, Mutex};

async fn tick() {}

pub async fn third(counter: Arc<Mutex<u64>>) {
    let mut k = counter.lock().unwrap();
    *k += 3;
    tick().await;
}
`

// ptySession is a running command whose terminal output is collected.
type ptySession struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func startPTY(t *testing.T, dir string, args ...string) *ptySession {
	t.Helper()
	bin, err := exec.LookPath("sendfix")
	if err != nil {
		t.Skip("sendfix is not on $PATH (run through go test)")
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SENDFIX_NO_CACHE=1", "NO_COLOR=", "TERM=xterm")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	s := &ptySession{t: t, cmd: cmd, tty: tty, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		tty.Close()
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return s
}

func (s *ptySession) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}

// waitFor waits until the output holds want n times.
func (s *ptySession) waitFor(want string, n int) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Count(s.output(), want) >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.t.Fatalf("timed out waiting for %q (×%d); output so far:\n%s", want, n, s.output())
}

func (s *ptySession) send(line string) {
	s.t.Helper()
	if _, err := io.WriteString(s.tty, line+"\n"); err != nil {
		s.t.Fatal(err)
	}
}

// wait waits for the command to exit and returns its status.
func (s *ptySession) wait() int {
	s.t.Helper()
	err := s.cmd.Wait()
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		s.t.Fatal(err)
	}
	return 0
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const prompt = "Apply this fix [y,n,a,d,q,?]? "

func TestInteractiveThroughPTY(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.rs": fixableTwice, "b.rs": fixableOnce})
	s := startPTY(t, dir, "fix", "--interactive", "--allow-dirty", "--only", "scope-guard", "--pr-body", "pr.md", "a.rs", "b.rs")

	s.waitFor(prompt, 1)
	first := s.output()
	// A coloured hunk (stdout is the terminal), then the question.
	for _, want := range []string{
		"(1/3) a.rs:6: scope-guard: `n` (std::sync::MutexGuard) is held across the .await",
		"\x1b[1m--- a/a.rs",
		"\x1b[31m-    let mut n = counter.lock().unwrap();",
		"\x1b[32m+        let mut n = counter.lock().unwrap();",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("first question lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "let mut m") {
		t.Errorf("the first hunk shows the second fix too:\n%s", first)
	}
	s.send("?") // help, then the same question again
	s.waitFor("a - apply this fix and all later fixes in this file", 1)
	s.waitFor(prompt, 2)
	s.send("n")
	s.waitFor("(2/3) a.rs:12: scope-guard: `m`", 1)
	s.waitFor(prompt, 3)
	s.send("y")
	s.waitFor("(3/3) b.rs:6: scope-guard: `k`", 1)
	s.waitFor(prompt, 4)
	s.send("q")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit %d; output:\n%s", code, s.output())
	}
	out := s.output()
	if !strings.Contains(out, "sendfix: 1 of 3 fix(es) accepted") || !strings.Contains(out, "sendfix: applied 1 fix(es) in 1 file(s)") {
		t.Errorf("summary missing:\n%s", out)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.rs"))
	b, _ := os.ReadFile(filepath.Join(dir, "b.rs"))
	if !strings.Contains(string(a), "\n    let mut n = counter.lock().unwrap();\n    *n += 1;\n    tick().await;") {
		t.Errorf("the declined fix was applied:\n%s", a)
	}
	if !strings.Contains(string(a), "    {\n        let mut m = counter.lock().unwrap();\n        *m += 2;\n    }\n") {
		t.Errorf("the accepted fix was not applied:\n%s", a)
	}
	if string(b) != fixableOnce {
		t.Errorf("b.rs changed after q:\n%s", b)
	}
	pr, err := os.ReadFile(filepath.Join(dir, "pr.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| `scope-guard` | 1 | 2 | 0 |", "### Declined in review", "- `a.rs:6` (`scope-guard`)", "- `b.rs:6` (`scope-guard`)", "### Changes\n\n- `a.rs:12`"} {
		if !strings.Contains(string(pr), want) {
			t.Errorf("PR body lacks %q:\n%s", want, pr)
		}
	}
}

func TestInteractiveAcceptAndDeclineRest(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.rs": fixableTwice, "b.rs": fixableTwice})
	s := startPTY(t, dir, "fix", "-i", "--allow-dirty", "--only", "scope-guard", "--color", "never", "a.rs", "b.rs")
	s.waitFor(prompt, 1)
	s.send("a") // a.rs: this one and the next
	s.waitFor("(3/4) b.rs:6:", 1)
	s.waitFor(prompt, 2)
	s.send("d") // b.rs: neither
	if code := s.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, s.output())
	}
	out := s.output()
	if strings.Contains(out, "\x1b[") {
		t.Errorf("--color never still colours:\n%q", out)
	}
	if strings.Contains(out, "(2/4)") || strings.Contains(out, "(4/4)") {
		t.Errorf("asked about a fix that a or d had settled:\n%s", out)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.rs"))
	b, _ := os.ReadFile(filepath.Join(dir, "b.rs"))
	if strings.Count(string(a), "    {\n") != 2 {
		t.Errorf("a.rs should have both fixes:\n%s", a)
	}
	if string(b) != fixableTwice {
		t.Errorf("b.rs should be unchanged:\n%s", b)
	}
}

// End of input (Ctrl-D) at a question is like q: nothing more is applied.
func TestInteractiveEOF(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.rs": fixableTwice})
	s := startPTY(t, dir, "fix", "-i", "--allow-dirty", "--only", "scope-guard", "a.rs")
	s.waitFor(prompt, 1)
	io.WriteString(s.tty, "\x04")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, s.output())
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.rs"))
	if string(a) != fixableTwice {
		t.Errorf("a.rs changed:\n%s", a)
	}
	if !strings.Contains(s.output(), "sendfix: 0 of 2 fix(es) accepted") {
		t.Errorf("output:\n%s", s.output())
	}
}

func TestProgressBarOnTerminal(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := 0; i < 12; i++ {
		files[fmt.Sprintf("src/f%02d.rs", i)] = fixableOnce
	}
	writeFiles(t, dir, files)
	s := startPTY(t, dir, "check", "--only", "scope-guard", "-j", "1", ".")
	if code := s.wait(); code != 1 {
		t.Fatalf("exit %d:\n%s", code, s.output())
	}
	out := s.output()
	for _, want := range []string{
		"\r\x1b[Ksendfix [>                       ] 0/12 files, 0 findings",
		"\r\x1b[Ksendfix [========================] 12/12 files, 12 findings\r\x1b[K",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%q", want, out)
		}
	}
	// The bar is erased before the findings are printed.
	if i, j := strings.LastIndex(out, "12/12 files"), strings.Index(out, "src/f00.rs:6:9: scope-guard"); i < 0 || j < i {
		t.Errorf("findings printed before the bar was done:\n%q", out)
	}

	// --quiet: no bar.
	q := startPTY(t, dir, "check", "--quiet", "--only", "scope-guard", ".")
	q.wait()
	if strings.Contains(q.output(), "files,") {
		t.Errorf("--quiet still shows progress:\n%q", q.output())
	}
}
