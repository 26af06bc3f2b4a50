package compiler_test

// End-to-end tests of the compiler-guided and verified modes (issue 5):
// the sendfix binary against real cargo and real tokio from Debian
// (librust-tokio-dev), offline, as in oracle/oracle_test.go. The crates are
// in testdata/guided/<case>; the compile-oracle crates of testdata/oracle
// are reused to compare guided with syntactic mode.
//
// Like the oracle, these tests skip without cargo or tokio unless CI=true,
// where a missing prerequisite fails them. CARGO_TARGET_DIR is
// <SENDFIX_ORACLE_TARGET, else <user cache>/sendfix-oracle-target>-compiler:
// not the oracle's own, because go test runs both packages at once and
// cargo hashes a path crate by its path relative to the workspace, so two
// copies of one case would share (and race on) one fingerprint. --verify keeps its scratch copy and target dir
// under os.UserCacheDir()/sendfix/verify/<hash of the workspace root>: the
// tests point XDG_CACHE_HOME at a stable directory next to that target dir
// and copy the crates that --verify sees to stable directories, so a second
// run finds every scratch target warm.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"sendfix/compiler"
)

const debianRegistry = "/usr/share/cargo/registry"

const cargoConfig = `[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "` + debianRegistry + `"

[net]
offline = true
`

// sendMsg is rustc's headline for a future that is not Send.
const sendMsg = "future cannot be sent between threads safely"

const commandTimeout = 10 * time.Minute

// harness is what every test shares: the sendfix binary, the shared cargo
// target dir, and the stable cache for --verify.
type harness struct {
	bin    string // sendfix binary
	target string // CARGO_TARGET_DIR, apart from the oracle's
	cache  string // stable: XDG_CACHE_HOME (xdg/) and the crates --verify sees (work/)
	root   string // module root
}

var (
	setupOnce sync.Once
	shared    harness
	setupErr  error
	binDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func skipOrFatal(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true but "+format, args...)
	}
	t.Skipf(format, args...)
}

// setup checks the prerequisites and returns the shared harness.
func setup(t *testing.T) *harness {
	t.Helper()
	if _, err := exec.LookPath("cargo"); err != nil {
		skipOrFatal(t, "cargo is not on PATH: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(debianRegistry, "tokio-*")); len(m) == 0 {
		skipOrFatal(t, "no tokio sources in %s (apt-get install librust-tokio-dev)", debianRegistry)
	}
	setupOnce.Do(func() { setupErr = shared.init() })
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return &shared
}

func (h *harness) init() error {
	root, err := filepath.Abs("..")
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return fmt.Errorf("module root: %w", err)
	}
	h.root = root
	if d := os.Getenv("SENDFIX_ORACLE_TARGET"); d != "" {
		h.target = d
	} else {
		cache, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("no SENDFIX_ORACLE_TARGET and no user cache dir: %w", err)
		}
		h.target = filepath.Join(cache, "sendfix-oracle-target")
	}
	h.target += "-compiler"
	h.cache = h.target + "-guided"
	if err := os.MkdirAll(filepath.Join(h.cache, "xdg"), 0o755); err != nil {
		return err
	}
	// Two test runs at once would share the stable work dirs: take turns.
	lock, err := os.OpenFile(filepath.Join(h.cache, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return fmt.Errorf("locking %s: %w", h.cache, err)
	}
	// The lock is released when the test binary exits.
	if bin := os.Getenv("SENDFIX_ORACLE_BIN"); bin != "" {
		h.bin, err = filepath.Abs(bin)
		return err
	}
	binDir, err = os.MkdirTemp("", "sendfix-guided-bin-")
	if err != nil {
		return err
	}
	h.bin = filepath.Join(binDir, "sendfix")
	cmd := exec.Command("go", "build", "-o", h.bin, "sendfix/cmd/sendfix")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build sendfix/cmd/sendfix: %v\n%s", err, out)
	}
	return nil
}

// env is the environment of cargo and sendfix runs.
func (h *harness) env(extra ...string) []string {
	env := append(os.Environ(),
		"CARGO_TARGET_DIR="+h.target,
		"CARGO_TERM_COLOR=never",
		"XDG_CACHE_HOME="+filepath.Join(h.cache, "xdg"),
		"NO_COLOR=1",
	)
	return append(env, extra...)
}

// crate copies testdata/<from> to dst (replacing what was there) with a
// .cargo/config.toml for the Debian registry. An empty dst means a fresh
// temp dir; stable dirs (h.stable) keep --verify's scratch target warm.
func (h *harness) crate(t *testing.T, from, dst string) string {
	t.Helper()
	src := filepath.Join(h.root, "testdata", from)
	if dst == "" {
		dst = t.TempDir()
	} else if err := os.RemoveAll(dst); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		name := d.Name()
		if d.IsDir() {
			if name == "target" || name == ".cargo" || (rel == "handfixed") {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if rel == "handfixed.rs" || rel == "case.txt" || name == "Cargo.lock" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatalf("copying %s: %v", from, err)
	}
	if err := os.MkdirAll(filepath.Join(dst, ".cargo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, ".cargo", "config.toml"), []byte(cargoConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// stable is a work dir that stays the same between runs, for crates that
// --verify sees.
func (h *harness) stable(name string) string {
	return filepath.Join(h.cache, "work", name)
}

// result is one command run.
type result struct {
	args           []string
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("$ %s\n[exit %d]\n--- stdout:\n%s--- stderr:\n%s", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
}

func (h *harness) run(t *testing.T, dir string, env []string, stdin []byte, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	res := result{args: append([]string{filepath.Base(name)}, args...), stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s %s timed out after %v", name, strings.Join(args, " "), commandTimeout)
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running %s: %v", name, err)
	}
	return res
}

// sendfix runs the binary in dir.
func (h *harness) sendfix(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return h.run(t, dir, h.env(), nil, h.bin, args...)
}

// checkJSON runs cargo check over every target of dir's workspace and
// parses its diagnostics with compiler.Parse.
func (h *harness) checkJSON(t *testing.T, dir string) ([]compiler.Report, []compiler.Error, []byte) {
	t.Helper()
	res := h.run(t, dir, h.env(), nil, "cargo", "check", "--all-targets", "--keep-going", "--message-format=json")
	if !strings.Contains(res.stdout, `"reason":"build-finished"`) {
		t.Fatalf("cargo check did not build:\n%s", res)
	}
	reports, errs, err := compiler.Parse(strings.NewReader(res.stdout))
	if err != nil {
		t.Fatal(err)
	}
	return reports, errs, []byte(res.stdout)
}

func describe(errs []compiler.Error) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "  %s:%d: %s (send=%v)\n", e.File, e.Line, e.Message, e.Send)
	}
	return b.String()
}

// lineOf returns the 1-based line of the first occurrence of s in file.
func lineOf(t *testing.T, file, s string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(s))
	if i < 0 {
		t.Fatalf("%s does not contain %q", file, s)
	}
	return 1 + bytes.Count(b[:i], []byte("\n"))
}

func read(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkFinding is one finding of `sendfix check --format json`.
type checkFinding struct {
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	Transform string `json:"transform"`
	Message   string `json:"message"`
	Fixable   bool   `json:"fixable"`
}

func (f checkFinding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", f.Path, f.Line, f.Column, f.Transform, f.Message)
}

func parseCheck(t *testing.T, res result) []checkFinding {
	t.Helper()
	var doc struct {
		Findings []checkFinding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("sendfix check --format json: %v\n%s", err, res)
	}
	return doc.Findings
}

// 1. A workspace of two member crates, the server depending on the store by
// path, with Send errors in both: one in the store's test target, one in
// the server, and one that rustc reports from the server (E0277, naming
// only the async fn body in the store). `fix --cargo` fixes all three and
// the workspace compiles; --verify agrees.
func TestGuidedWorkspace(t *testing.T) {
	h := setup(t)
	work := h.crate(t, "guided/workspace", "")
	store := filepath.Join(work, "store", "src", "lib.rs")
	server := filepath.Join(work, "server", "src", "main.rs")

	reports, errs, _ := h.checkJSON(t, work)
	if len(reports) != 3 || len(errs) != 3 {
		t.Fatalf("stale case: want 3 Send errors, got %d reports and errors:\n%s", len(reports), describe(errs))
	}
	inFile := map[string]int{}
	for _, r := range reports {
		at := r.Value
		if at == nil {
			at = r.Within
		}
		if at == nil {
			t.Fatalf("report %q locates no value nor body", r.Message)
		}
		inFile[at.File]++
	}
	if inFile[store] != 2 || inFile[server] != 1 {
		t.Fatalf("stale case: want 2 Send errors located in the store and 1 in the server, got %v", inFile)
	}

	d := h.sendfix(t, work, "diff", "--cargo")
	if d.code != 1 {
		t.Fatalf("diff --cargo: exit %d, want 1\n%s", d.code, d)
	}
	for _, f := range []string{"store/src/lib.rs", "server/src/main.rs"} {
		if !strings.Contains(d.stdout, "+++ b/"+f+"\n") {
			t.Errorf("diff --cargo does not fix %s\n%s", f, d)
		}
	}
	// Run from a member, --cargo still checks the whole workspace and
	// fixes what it reports in every member.
	m := h.sendfix(t, filepath.Join(work, "server"), "diff", "--cargo")
	if m.code != 1 || strings.Count(m.stdout, "\n+++ b/") != 2 || !strings.Contains(m.stdout, "store/src/lib.rs\n") {
		t.Errorf("diff --cargo in a member: exit %d, want 1 and both files fixed\n%s", m.code, m)
	}

	vwork := h.crate(t, "guided/workspace", h.stable("workspace"))
	v := h.sendfix(t, vwork, "diff", "--cargo", "--verify")
	if v.code != 1 || v.stdout != d.stdout {
		t.Errorf("diff --cargo --verify differs from diff --cargo (exit %d)\n--- verify:\n%s\n--- cargo:\n%s\n%s", v.code, v.stdout, d.stdout, v.stderr)
	}

	fix := h.sendfix(t, work, "fix", "--cargo", "--allow-dirty")
	if fix.code != 0 {
		t.Fatalf("fix --cargo: exit %d, want 0\n%s", fix.code, fix)
	}
	if !strings.Contains(fix.stderr, "applied 3 fix(es) in 2 file(s)") {
		t.Errorf("fix --cargo: want 3 fixes in 2 files\n%s", fix)
	}
	if _, errs, _ := h.checkJSON(t, work); len(errs) > 0 {
		t.Fatalf("the workspace does not compile after fix --cargo:\n%s\nserver:\n%s\nstore:\n%s", describe(errs), read(t, server), read(t, store))
	}
}

// A let-bound value of another crate's non-Send type (futures' LocalPool),
// held across an await of a spawned task: no pass knows the type, so a
// plain run is silent; --cargo takes the type from rustc's report and
// scopes the value before the await, and the program then builds and
// prints what it did.
func TestGuidedScopesOtherCratesType(t *testing.T) {
	h := setup(t)
	work := h.crate(t, "guided/foreign-type", "")
	main := filepath.Join(work, "src", "main.rs")
	if reports, _, _ := h.checkJSON(t, work); len(reports) == 0 || reports[0].Type != "LocalPool" {
		t.Fatalf("stale case: want rustc's report of a LocalPool held across an await, got %+v", reports)
	}
	if c := h.sendfix(t, work, "check"); c.code != 0 {
		t.Errorf("plain check: exit %d, want 0 (no pass knows LocalPool)\n%s", c.code, c)
	}
	fix := h.sendfix(t, work, "fix", "--cargo", "--allow-dirty")
	if fix.code != 0 {
		t.Fatalf("fix --cargo: exit %d, want 0\n%s", fix.code, fix)
	}
	got := read(t, main)
	if !strings.Contains(got, "let first: u32 = {\n        let mut pool = LocalPool::new();") {
		t.Errorf("fix --cargo did not scope the pool:\n%s", got)
	}
	if _, errs, _ := h.checkJSON(t, work); len(errs) > 0 {
		t.Fatalf("does not compile after fix --cargo:\n%s\n%s", describe(errs), got)
	}
	if r := h.run(t, work, h.env(), nil, "cargo", "run", "--quiet"); r.code != 0 || r.stdout != "41\n" {
		t.Errorf("cargo run after the fix: exit %d, output %q, want 41\n%s", r.code, r.stdout, r.stderr)
	}
}

// 2. scope-guard takes a user-defined `len(&self) -> &usize` for Vec::len
// and exports a value that still borrows the guard: plain `fix` breaks the
// build; `fix --verify` backs that fix out, says so, applies the other
// (right) fix, and leaves only the original Send error at that spot.
func TestVerifyBacksOutWrongFix(t *testing.T) {
	h := setup(t)
	plain := h.crate(t, "guided/backout", "")
	main := filepath.Join(plain, "src", "main.rs")
	reportLine := lineOf(t, main, "let inbox = mailbox.lock().unwrap();")
	orig := read(t, main)

	reports, errs, _ := h.checkJSON(t, plain)
	if len(reports) != 2 || len(errs) != 2 {
		t.Fatalf("stale case: want 2 Send errors:\n%s", describe(errs))
	}

	fix := h.sendfix(t, plain, "fix", "--allow-dirty")
	if fix.code != 0 {
		t.Fatalf("plain fix: exit %d, want 0\n%s", fix.code, fix)
	}
	_, errs, _ = h.checkJSON(t, plain)
	broken := false
	for _, e := range errs {
		if !e.Send && strings.Contains(e.Message, "does not live long enough") {
			broken = true
		}
	}
	if !broken {
		t.Fatalf("stale case: the syntactic fix should not compile (`inbox` does not live long enough), got:\n%s\n%s", describe(errs), read(t, main))
	}

	work := h.crate(t, "guided/backout", h.stable("backout"))
	main = filepath.Join(work, "src", "main.rs")
	chk := h.sendfix(t, work, "check", "--verify", "--format", "json")
	if chk.code != 1 {
		t.Errorf("check --verify: exit %d, want 1 (a fixable finding is left)\n%s", chk.code, chk)
	}
	var backedOut, remaining, fixable []checkFinding
	for _, f := range parseCheck(t, chk) {
		switch {
		case f.Fixable:
			fixable = append(fixable, f)
		case f.Transform == "rustc":
			remaining = append(remaining, f)
		case strings.Contains(f.Message, "backed out"):
			backedOut = append(backedOut, f)
		default:
			t.Errorf("unexpected finding %s", f)
		}
	}
	if len(backedOut) != 1 || backedOut[0].Line != reportLine || !strings.Contains(backedOut[0].Message, "does not live long enough") {
		t.Errorf("want one backed-out fix at line %d naming the error it caused, got %v", reportLine, backedOut)
	}
	if len(remaining) != 1 || remaining[0].Line != reportLine || !strings.Contains(remaining[0].Message, "backed out") {
		t.Errorf("want the Send error left at line %d (in the user's text) saying the fix was backed out, got %v", reportLine, remaining)
	}
	if len(fixable) != 1 || fixable[0].Line != lineOf(t, main, "let mut inbox = mailbox.lock().unwrap();") {
		t.Errorf("want deliver's fix kept, got %v", fixable)
	}

	fix = h.sendfix(t, work, "fix", "--verify", "--allow-dirty")
	if fix.code != 3 {
		t.Errorf("fix --verify: exit %d, want 3 (a finding needs a manual fix)\n%s", fix.code, fix)
	}
	if !strings.Contains(fix.stderr, "backed out") || !strings.Contains(fix.stderr, fmt.Sprintf("src/main.rs:%d", reportLine)) {
		t.Errorf("fix --verify does not report the backed-out fix at src/main.rs:%d\n%s", reportLine, fix)
	}
	if strings.Contains(fix.stderr, filepath.Join(h.cache, "xdg")) {
		t.Errorf("fix --verify names files in its scratch copy\n%s", fix)
	}
	got := read(t, main)
	reportFn := orig[strings.Index(orig, "async fn report("):strings.Index(orig, "#[tokio::main]")]
	if !strings.Contains(got, reportFn) {
		t.Errorf("fix --verify changed report():\n%s", got)
	}
	if got == orig || strings.Contains(got, "\n    let mut inbox = mailbox.lock().unwrap();\n    inbox.push(m.clone());\n    out.send") {
		t.Errorf("fix --verify did not apply deliver's fix:\n%s", got)
	}
	reports, errs, _ = h.checkJSON(t, work)
	now := lineOf(t, main, "let inbox = mailbox.lock().unwrap();")
	if len(errs) != 1 || len(reports) != 1 || reports[0].Value == nil || reports[0].Value.Line != now {
		t.Fatalf("after fix --verify, want only the original Send error, at line %d, got:\n%s\n%s", now, describe(errs), got)
	}
}

// 3. Two guards of one type in one async fn: rustc names one, and reports
// the other only once the first is fixed. `diff --cargo` shows the one
// reported; `fix --cargo` checks again after writing and fixes the other
// in a second round; --cargo --verify goes round in its scratch copy.
func TestVerifyRounds(t *testing.T) {
	h := setup(t)
	once := h.crate(t, "guided/rounds", "")
	main := filepath.Join(once, "src", "main.rs")
	hits := lineOf(t, main, "let mut hits")
	misses := lineOf(t, main, "let mut misses")

	reports, errs, _ := h.checkJSON(t, once)
	if len(errs) != 1 || len(reports) != 1 || reports[0].Value == nil || reports[0].Value.Line != hits {
		t.Fatalf("stale case: want one Send error, on `hits` (line %d):\n%s", hits, describe(errs))
	}
	d := h.sendfix(t, once, "diff", "--cargo")
	if d.code != 1 || !strings.Contains(d.stdout, "-    let mut hits") || strings.Contains(d.stdout, "-    let mut misses") {
		t.Errorf("diff --cargo should show only the fix of what rustc reported (hits, line %d), not misses (line %d)\n%s", hits, misses, d)
	}
	fix := h.sendfix(t, once, "fix", "--cargo", "--allow-dirty")
	if fix.code != 0 {
		t.Fatalf("fix --cargo: exit %d, want 0\n%s", fix.code, fix)
	}
	if !strings.Contains(fix.stderr, "applied 2 fix(es)") {
		t.Errorf("fix --cargo should fix hits, then misses in a second round\n%s", fix)
	}
	if _, errs, _ := h.checkJSON(t, once); len(errs) > 0 {
		t.Fatalf("does not compile after fix --cargo:\n%s\n%s", describe(errs), read(t, main))
	}

	work := h.crate(t, "guided/rounds", h.stable("rounds"))
	fix = h.sendfix(t, work, "fix", "--cargo", "--verify", "--allow-dirty")
	if fix.code != 0 {
		t.Fatalf("fix --cargo --verify: exit %d, want 0\n%s", fix.code, fix)
	}
	if !strings.Contains(fix.stderr, "applied 2 fix(es)") {
		t.Errorf("fix --cargo --verify: want 2 fixes\n%s", fix)
	}
	if _, errs, _ := h.checkJSON(t, work); len(errs) > 0 {
		t.Fatalf("does not compile after fix --cargo --verify:\n%s\n%s", describe(errs), read(t, filepath.Join(work, "src", "main.rs")))
	}
}

// 4. Unrelated errors elsewhere in the crate: a type error in another
// function, and a use after move in main that rustc reports only once
// main's Send error is fixed. Guided and verified modes fix the Send error,
// leave both alone and do not count them against the fix.
func TestUnrelatedError(t *testing.T) {
	h := setup(t)
	work := h.crate(t, "guided/unrelated-error", "")
	main := filepath.Join(work, "src", "main.rs")
	orig := read(t, main)
	_, errs, _ := h.checkJSON(t, work)
	if len(errs) != 2 || errs[0].Send == errs[1].Send {
		t.Fatalf("stale case: want a Send error and a type error (the use after move hidden):\n%s", describe(errs))
	}
	onlyTypeError := func(errs []compiler.Error) bool {
		codes := map[string]bool{}
		for _, e := range errs {
			if e.Send {
				return false
			}
			codes[e.Code] = true
		}
		return len(errs) == 2 && codes["E0308"] && codes["E0382"]
	}

	d := h.sendfix(t, work, "diff", "--cargo")
	if d.code != 1 || !strings.Contains(d.stdout, "let total: u32 = {") {
		t.Fatalf("diff --cargo: exit %d, want 1 with the fix\n%s", d.code, d)
	}
	if strings.Contains(d.stdout, "heavy") {
		t.Errorf("diff --cargo touches the unrelated error\n%s", d)
	}

	vwork := h.crate(t, "guided/unrelated-error", h.stable("unrelated-error"))
	for _, mode := range [][]string{{"--verify"}, {"--cargo", "--verify"}} {
		v := h.sendfix(t, vwork, append([]string{"diff"}, mode...)...)
		if v.code != 1 || v.stdout != d.stdout || strings.Contains(v.stderr, "backed out") {
			t.Errorf("diff %s: exit %d, want 1 and the diff of --cargo, nothing backed out\n%s", strings.Join(mode, " "), v.code, v)
		}
	}
	fix := h.sendfix(t, vwork, "fix", "--verify", "--allow-dirty")
	if fix.code != 0 || strings.Contains(fix.stderr, "backed out") {
		t.Fatalf("fix --verify: exit %d, want 0, nothing backed out\n%s", fix.code, fix)
	}
	if _, errs, _ := h.checkJSON(t, vwork); !onlyTypeError(errs) {
		t.Errorf("after fix --verify, want only the unrelated errors (E0308, E0382):\n%s", describe(errs))
	}

	fix = h.sendfix(t, work, "fix", "--cargo", "--allow-dirty")
	if fix.code != 0 {
		t.Fatalf("fix --cargo: exit %d, want 0\n%s", fix.code, fix)
	}
	if _, errs, _ := h.checkJSON(t, work); !onlyTypeError(errs) {
		t.Errorf("after fix --cargo, want only the unrelated errors (E0308, E0382):\n%s", describe(errs))
	}
	got := read(t, main)
	if !strings.Contains(got, `let weight: u32 = "heavy";`) || got == orig {
		t.Errorf("fix --cargo: want the Send fix and the type error untouched:\n%s", got)
	}
	if got != read(t, filepath.Join(vwork, "src", "main.rs")) {
		t.Errorf("fix --cargo and fix --verify disagree")
	}
}

// --verify copies the workspace to a scratch dir: what the workspace
// reaches outside itself must still be there, a path dependency two
// directories up and the .cargo/config.toml above the workspace root (which
// here points cargo at the Debian registry: without it, no build at all).
func TestVerifyOutsideWorkspace(t *testing.T) {
	h := setup(t)
	top := h.crate(t, "guided/outside-path-dep", h.stable("outside-path-dep"))
	web := filepath.Join(top, "apps", "web")
	if _, err := os.Stat(filepath.Join(web, ".cargo")); err == nil {
		t.Fatal("the config must be above the workspace root")
	}
	reports, _, _ := h.checkJSON(t, web)
	if len(reports) != 1 {
		t.Fatalf("stale case: want one Send error, got %d", len(reports))
	}
	fix := h.sendfix(t, web, "fix", "--verify", "--allow-dirty")
	if fix.code != 0 || !strings.Contains(fix.stderr, "applied 1 fix(es)") {
		t.Fatalf("fix --verify: exit %d, want 0 and one fix\n%s", fix.code, fix)
	}
	if _, errs, _ := h.checkJSON(t, web); len(errs) > 0 {
		t.Fatalf("does not compile after fix --verify:\n%s", describe(errs))
	}
}

// --verify fixes what the paths and --exclude select, like the other modes.
func TestVerifyHonoursPathsAndExclude(t *testing.T) {
	h := setup(t)
	work := h.crate(t, "guided/workspace", h.stable("workspace"))
	for _, c := range []struct {
		args []string
		want []string // files in the diff
	}{
		{[]string{"--exclude", "store/**"}, []string{"server/src/main.rs"}},
		{[]string{"store"}, []string{"store/src/lib.rs"}},
		{[]string{"--exclude", "**/*.rs"}, nil},
	} {
		res := h.sendfix(t, work, append([]string{"diff", "--cargo", "--verify"}, c.args...)...)
		var got []string
		for _, line := range strings.Split(res.stdout, "\n") {
			if f, ok := strings.CutPrefix(line, "+++ b/"); ok {
				got = append(got, f)
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") || res.code == 2 {
			t.Errorf("diff --cargo --verify %s: exit %d, fixes %v, want %v\n%s", strings.Join(c.args, " "), res.code, got, c.want, res)
		}
	}
}

// 5. `--diagnostics -` reading cargo's output from a pipe gives the same
// diff as --cargo.
func TestDiagnosticsFromPipe(t *testing.T) {
	h := setup(t)
	work := h.crate(t, "guided/workspace", "")
	want := h.sendfix(t, work, "diff", "--cargo")
	if want.code != 1 || want.stdout == "" {
		t.Fatalf("diff --cargo: exit %d, want 1\n%s", want.code, want)
	}

	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cargo := exec.CommandContext(ctx, "cargo", "check", "--all-targets", "--keep-going", "--message-format=json")
	sf := exec.CommandContext(ctx, h.bin, "diff", "--diagnostics", "-")
	cargo.Dir, sf.Dir = work, work
	cargo.Env, sf.Env = h.env(), h.env()
	pipe, err := cargo.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	sf.Stdin = pipe
	var out, errb, cerr bytes.Buffer
	sf.Stdout, sf.Stderr, cargo.Stderr = &out, &errb, &cerr
	if err := cargo.Start(); err != nil {
		t.Fatal(err)
	}
	err = sf.Run()
	cargoErr := cargo.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("cargo check | sendfix diff --diagnostics -: %v, want exit 1\n%s\n%s", err, out.String(), errb.String())
	}
	if cargoErr == nil {
		t.Errorf("cargo check succeeded: stale case\n%s", cerr.String())
	}
	if out.String() != want.stdout {
		t.Errorf("--diagnostics - differs from --cargo\n--- diagnostics:\n%s--- cargo:\n%s", out.String(), want.stdout)
	}
}

// 6. Without cargo on PATH, the modes that run it fail with a clear
// message and exit 2; --diagnostics FILE still works.
func TestMissingCargo(t *testing.T) {
	h := setup(t)
	work := h.crate(t, "guided/rounds", "")
	_, _, diag := h.checkJSON(t, work)
	file := filepath.Join(t.TempDir(), "diagnostics.json")
	if err := os.WriteFile(file, diag, 0o644); err != nil {
		t.Fatal(err)
	}

	var keep []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, "cargo")); err == nil {
			continue
		}
		keep = append(keep, dir)
	}
	env := h.env("PATH=" + strings.Join(keep, string(os.PathListSeparator)))
	for _, args := range [][]string{{"check", "--cargo"}, {"fix", "--cargo", "--allow-dirty"}, {"diff", "--verify"}} {
		res := h.run(t, work, env, nil, h.bin, args...)
		if res.code != 2 || !strings.Contains(res.stderr, "cargo not found on PATH") || res.stdout != "" {
			t.Errorf("without cargo: exit %d, want 2 and \"cargo not found on PATH\" on stderr\n%s", res.code, res)
		}
	}
	res := h.run(t, work, env, nil, h.bin, "diff", "--diagnostics", file)
	if res.code != 1 || !strings.Contains(res.stdout, "+++ b/src/main.rs") {
		t.Errorf("--diagnostics FILE without cargo: exit %d, want 1 and a diff\n%s", res.code, res)
	}
}

// 7. Guided (--cargo) against syntactic mode on every compile-oracle
// crate: guided fixes a subset of what syntactic mode fixes (for these
// crates, the same), positives compile after the guided fix, negatives are
// left alone.
func TestGuidedVersusSyntactic(t *testing.T) {
	h := setup(t)
	dir := filepath.Join(h.root, "testdata", "oracle")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ name, kind, verdict string }
	var table []row
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name(), "case.txt"))
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(data), "\n")
		kind := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(first), "kind:"))
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			verdict := "?"
			defer func() { table = append(table, row{name, kind, verdict}) }()
			work := h.crate(t, filepath.Join("oracle", name), "")
			syn := h.sendfix(t, work, "diff")
			gui := h.sendfix(t, work, "diff", "--cargo")
			if gui.code == 2 || syn.code == 2 {
				verdict = "error"
				t.Fatalf("sendfix failed\n%s\n%s", syn, gui)
			}
			same := syn.stdout == gui.stdout
			if same {
				verdict = "same diff"
			} else {
				verdict = "DIFFERENT"
				t.Logf("syntactic:\n%s\nguided:\n%s", syn, gui)
			}

			// guided ⊆ syntactic, finding by finding.
			synF := map[string]bool{}
			for _, f := range parseCheck(t, h.sendfix(t, work, "check", "--format", "json")) {
				if f.Fixable {
					synF[f.String()] = true
				}
			}
			for _, f := range parseCheck(t, h.sendfix(t, work, "check", "--cargo", "--format", "json")) {
				switch {
				case f.Fixable && !synF[f.String()]:
					t.Errorf("guided fixes what syntactic mode does not: %s", f)
				case f.Transform == "rustc":
					t.Logf("rustc error sendfix does not fix: %s", f)
				}
			}
			if !same {
				t.Errorf("guided and syntactic diffs differ")
			}

			switch kind {
			case "negative":
				if gui.code != 0 || gui.stdout != "" {
					t.Errorf("guided diff of a crate that compiles: exit %d, want 0 and nothing\n%s", gui.code, gui)
				}
			case "positive":
				if gui.code != 1 || gui.stdout == "" {
					t.Errorf("guided diff of a positive case: exit %d, want 1 and a diff\n%s", gui.code, gui)
				}
				fix := h.sendfix(t, work, "fix", "--cargo", "--allow-dirty")
				if fix.code != 0 && fix.code != 3 {
					t.Fatalf("fix --cargo: exit %d\n%s", fix.code, fix)
				}
				if _, errs, _ := h.checkJSON(t, work); len(errs) > 0 {
					verdict += ", does not compile after guided fix"
					t.Errorf("cargo check fails after fix --cargo:\n%s\nguided diff was:\n%s", describe(errs), gui.stdout)
				} else {
					verdict += ", compiles after guided fix"
				}
			}
		})
	}
	sort.Slice(table, func(i, j int) bool { return table[i].name < table[j].name })
	var b strings.Builder
	for _, r := range table {
		fmt.Fprintf(&b, "  %-34s %-9s %s\n", r.name, r.kind, r.verdict)
	}
	t.Logf("guided (--cargo) vs syntactic:\n%s", b.String())
}
