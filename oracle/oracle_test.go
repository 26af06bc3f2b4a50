package oracle

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// notSendMsg is the text of rustc's error; it carries no error code in the
// JSON diagnostics, so the oracle matches on the message.
const notSendMsg = "future cannot be sent between threads safely"

// debianRegistry is where librust-*-dev packages put crate sources.
const debianRegistry = "/usr/share/cargo/registry"

const cargoConfig = `[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "` + debianRegistry + `"

[net]
offline = true
`

// commandTimeout bounds one cargo or sendfix run; a cold tokio build on two
// cores takes well under a minute.
const commandTimeout = 15 * time.Minute

type oracleCase struct {
	name string // directory name under testdata/oracle
	dir  string // absolute path of the case directory
	kind string // positive, negative or manual
	desc string
	// transform is the pass whose findings must point where rustc does
	// ("transform:" in case.txt; default scope-guard), want a text its
	// finding must contain ("want:"; manual cases default to "async-aware
	// mutex").
	transform string
	want      string
	// errText is the error the original must fail with ("error:" in
	// case.txt; default notSendMsg). A spawned task's output that is not
	// Send fails with "`X` cannot be sent between threads safely" instead,
	// and rustc then points at the spawn, not at a held value.
	errText string
	// handfixed lists the files the hand fix changes, relative to the
	// crate: src/main.rs for handfixed.rs, else the files under handfixed/.
	handfixed []string
}

// skipOrFatal skips the test unless CI=true, where a missing prerequisite
// must not turn the oracle into a silent no-op.
func skipOrFatal(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true but "+format, args...)
	}
	t.Skipf(format, args...)
}

func TestOracle(t *testing.T) {
	if _, err := exec.LookPath("cargo"); err != nil {
		skipOrFatal(t, "cargo is not on PATH: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(debianRegistry, "tokio-*")); len(m) == 0 {
		skipOrFatal(t, "no tokio sources in %s (apt-get install librust-tokio-dev)", debianRegistry)
	}

	root := moduleRoot(t)
	cases := loadCases(t, filepath.Join(root, "testdata", "oracle"))
	if len(cases) == 0 {
		t.Fatal("no cases in testdata/oracle")
	}
	bin := buildSendfix(t, root)
	target := targetDir(t)
	t.Logf("sendfix binary %s, CARGO_TARGET_DIR %s, %d cases", bin, target, len(cases))

	// Sequential on purpose: cargo locks the shared target directory anyway.
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if missing := missingDeps(t, c); len(missing) > 0 {
				skipOrFatal(t, "crates not in %s: %s", debianRegistry, strings.Join(missing, ", "))
			}
			r := &run{t: t, c: c, bin: bin, target: target}
			t.Logf("%s: %s", c.kind, c.desc)
			switch c.kind {
			case "positive":
				r.positive()
			case "negative":
				r.negative()
			case "manual":
				r.manual()
			default:
				t.Fatalf("case.txt: unknown kind %q", c.kind)
			}
		})
	}
}

// run is one case being checked.
type run struct {
	t      *testing.T
	c      oracleCase
	bin    string
	target string
	work   string // the temp copy sendfix works on
	diff   string // sendfix diff output before fixing, for failure logs
}

func (r *run) positive() {
	t := r.t
	r.work = copyCase(t, r.c, "")

	if ok, stderr := r.cargoCheck(r.work); ok || !strings.Contains(stderr, r.c.errText) {
		t.Logf("cargo stderr:\n%s", stderr)
		t.Fatalf("stale case: cargo check of the original should fail with %q", r.c.errText)
	}
	lines := r.rustcLines(r.work)

	chk := r.sendfix("check", r.work)
	if chk.code != 1 {
		t.Errorf("sendfix check before fixing: exit %d, want 1 (fixable findings)\n%s", chk.code, chk)
	}
	r.expectFindings(chk.stdout, lines, r.c.want)

	before := snapshot(t, r.work)
	d := r.sendfix("diff", r.work)
	r.diff = d.stdout
	if d.code != 1 || strings.TrimSpace(d.stdout) == "" {
		t.Errorf("sendfix diff: exit %d, want 1 with a diff\n%s", d.code, d)
	}
	if ch := changes(before, snapshot(t, r.work)); len(ch) > 0 {
		t.Errorf("sendfix diff wrote files: %s", strings.Join(ch, ", "))
	}

	fix := r.sendfix("fix", "--allow-dirty", r.work)
	if fix.code != 0 {
		t.Fatalf("sendfix fix --allow-dirty: exit %d, want 0\n%s\ndiff was:\n%s", fix.code, fix, r.diff)
	}
	after := snapshot(t, r.work)
	ch := changes(before, after)
	expect := map[string]bool{}
	for _, f := range r.c.handfixed {
		expect[f] = true
	}
	for _, f := range ch {
		if !expect[f] {
			t.Errorf("sendfix fix changed %s; only %s need a fix (the hand fix)", f, strings.Join(r.c.handfixed, ", "))
		}
		delete(expect, f)
	}
	for f := range expect {
		t.Errorf("sendfix fix left %s unchanged (the hand fix changes it)\nfix output:\n%s", f, fix)
	}
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("fixed %s (sendfix diff before fixing):\n%s", strings.Join(r.c.handfixed, ", "), r.diff)

	if ok, stderr := r.cargoCheck(r.work); !ok {
		var fixed strings.Builder
		for _, f := range r.c.handfixed {
			fmt.Fprintf(&fixed, "fixed %s:\n%s", f, numbered(after[f]))
		}
		t.Fatalf("cargo check fails after sendfix fix:\n%s\nsendfix diff was:\n%s\n%s",
			stderr, r.diff, fixed.String())
	}

	_, fixedStderr := r.cargoCheck(r.work)
	got, stderr, err := r.cargoRun(r.work)
	if err != nil {
		t.Fatalf("cargo run of the fixed crate: %v\n%s", err, stderr)
	}
	hand := copyCase(t, r.c, "handfixed")
	_, handStderr := r.cargoCheck(hand)
	if extra := newWarnings(fixedStderr, handStderr); len(extra) > 0 {
		t.Errorf("the fixed crate has warnings the hand-fixed one has not (an import left unused?):\n%s\ncargo check:\n%s\nsendfix diff was:\n%s",
			strings.Join(extra, "\n"), fixedStderr, r.diff)
	}
	want, stderr, err := r.cargoRun(hand)
	if err != nil {
		t.Fatalf("stale case: cargo run with handfixed.rs: %v\n%s", err, stderr)
	}
	if got != want {
		t.Errorf("fixed program prints something else than the hand-fixed one\n--- fixed:\n%s--- handfixed:\n%s\nsendfix diff was:\n%s",
			got, want, r.diff)
	}

	again := r.sendfix("diff", r.work)
	if again.code != 0 || again.stdout != "" {
		t.Errorf("not idempotent: sendfix diff after fix: exit %d, want 0 and no output\n%s", again.code, again)
	}
	if clean := r.sendfix("check", r.work); clean.code != 0 {
		t.Errorf("sendfix check after fix: exit %d, want 0 (clean)\n%s", clean.code, clean)
	}
}

func (r *run) negative() {
	t := r.t
	r.work = copyCase(t, r.c, "")
	if ok, stderr := r.cargoCheck(r.work); !ok {
		t.Fatalf("stale case: a negative case must compile:\n%s", stderr)
	}
	before := snapshot(t, r.work)

	d := r.sendfix("diff", r.work)
	if d.code != 0 || d.stdout != "" {
		t.Errorf("sendfix diff on code that compiles: exit %d, want 0 and no output\n%s", d.code, d)
	}
	if chk := r.sendfix("check", r.work); chk.code != 0 {
		t.Errorf("sendfix check on code that compiles: exit %d, want 0 (clean)\n%s", chk.code, chk)
	}
	fix := r.sendfix("fix", "--allow-dirty", r.work)
	if fix.code != 0 {
		t.Errorf("sendfix fix --allow-dirty: exit %d, want 0\n%s", fix.code, fix)
	}
	if ch := changes(before, snapshot(t, r.work)); len(ch) > 0 {
		t.Errorf("sendfix changed a crate that already compiles: %s", strings.Join(ch, ", "))
	}
}

func (r *run) manual() {
	t := r.t
	r.work = copyCase(t, r.c, "")
	if ok, stderr := r.cargoCheck(r.work); ok || !strings.Contains(stderr, r.c.errText) {
		t.Logf("cargo stderr:\n%s", stderr)
		t.Fatalf("stale case: cargo check of the original should fail with %q", r.c.errText)
	}
	lines := r.rustcLines(r.work)
	before := snapshot(t, r.work)

	chk := r.sendfix("check", r.work)
	if chk.code != 3 {
		t.Errorf("sendfix check: exit %d, want 3 (only manual findings)\n%s", chk.code, chk)
	}
	r.expectFindings(chk.stdout, lines, r.c.want)

	// diff's contract has no "manual" exit code; it must print no patch.
	d := r.sendfix("diff", r.work)
	if d.stdout != "" || (d.code != 0 && d.code != 3) {
		t.Errorf("sendfix diff: exit %d, want 0 (or 3) and no patch\n%s", d.code, d)
	}
	fix := r.sendfix("fix", "--allow-dirty", r.work)
	if fix.code != 3 {
		t.Errorf("sendfix fix --allow-dirty: exit %d, want 3 (manual findings remain)\n%s", fix.code, fix)
	}
	if ch := changes(before, snapshot(t, r.work)); len(ch) > 0 {
		t.Errorf("sendfix changed files it cannot fix: %s", strings.Join(ch, ", "))
	}
}

// finding is one line of `sendfix check` text output.
type finding struct {
	file      string
	line, col int
	transform string
	message   string
}

var findingRE = regexp.MustCompile(`^(.+?):(\d+):(\d+): ([A-Za-z0-9_-]+): (.*)$`)

func parseFindings(out string) []finding {
	var found []finding
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		m := findingRE.FindStringSubmatch(strings.TrimRight(sc.Text(), "\r"))
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		found = append(found, finding{file: filepath.ToSlash(m[1]), line: line, col: col, transform: m[4], message: m[5]})
	}
	return found
}

// expectFindings wants at least one finding of the case's transform
// (scope-guard unless case.txt says otherwise) whose message contains want,
// if set, and every such finding on a line that rustc's "used across an
// await" note points at (the value or the await).
func (r *run) expectFindings(out string, lines map[string]map[int]bool, want string) {
	t := r.t
	t.Helper()
	var matched int
	for _, f := range parseFindings(out) {
		if f.transform != r.c.transform {
			continue
		}
		if want != "" && !strings.Contains(f.message, want) {
			continue
		}
		matched++
		if !onRustcLine(r.work, f, lines) {
			t.Errorf("finding %s:%d:%d points elsewhere than rustc's notes (%s)", f.file, f.line, f.col, describeLines(lines))
		}
	}
	if matched == 0 {
		msg := "a " + r.c.transform + " finding"
		if want != "" {
			msg += fmt.Sprintf(" mentioning %q", want)
		}
		t.Errorf("sendfix check printed no %s; stdout:\n%s", msg, out)
	}
}

func onRustcLine(work string, f finding, lines map[string]map[int]bool) bool {
	file := f.file
	if filepath.IsAbs(file) {
		if rel, err := filepath.Rel(work, file); err == nil {
			file = filepath.ToSlash(rel)
		}
	}
	file = strings.TrimPrefix(file, "./")
	for rf, ls := range lines {
		if (file == rf || strings.HasSuffix(file, "/"+rf)) && ls[f.line] {
			return true
		}
	}
	return false
}

func describeLines(lines map[string]map[int]bool) string {
	var parts []string
	for f, ls := range lines {
		var ns []int
		for n := range ls {
			ns = append(ns, n)
		}
		sort.Ints(ns)
		parts = append(parts, fmt.Sprintf("%s lines %v", f, ns))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// rustcLines runs cargo check with JSON diagnostics and returns, per file of
// the crate, the lines of the spans in the notes of every "future cannot be
// sent" error: the non-Send value and the await it is held across.
func (r *run) rustcLines(dir string) map[string]map[int]bool {
	t := r.t
	t.Helper()
	stdout, stderr, _ := r.cargo(dir, "check", "--offline", "--quiet", "--message-format=json")
	type span struct {
		FileName  string `json:"file_name"`
		LineStart int    `json:"line_start"`
		LineEnd   int    `json:"line_end"`
		Expansion *struct {
			Span *span `json:"span"`
		} `json:"expansion"`
		whole bool // every line of the span counts
	}
	type diag struct {
		Message  string `json:"message"`
		Spans    []span `json:"spans"`
		Children []struct {
			Message string `json:"message"`
			Spans   []span `json:"spans"`
		} `json:"children"`
	}
	lines := map[string]map[int]bool{}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var msg struct {
			Reason  string `json:"reason"`
			Message diag   `json:"message"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) != nil || msg.Reason != "compiler-message" || !strings.Contains(msg.Message.Message, r.c.errText) {
			continue
		}
		var spans []span
		if msg.Message.Message != notSendMsg {
			// No value notes: the error's own place, the closure or async
			// block given to the spawner ("`Cell<u64>` cannot be shared
			// between threads safely"), whose captures are on the spot.
			for _, sp := range msg.Message.Spans {
				sp.whole = true
				spans = append(spans, sp)
			}
			// And the bodies rustc names on the way there ("required
			// because it's used within this `async` fn body"): the value
			// is held in one of them.
			for _, ch := range msg.Message.Children {
				if strings.HasPrefix(ch.Message, "required because it's used within this") {
					for _, sp := range ch.Spans {
						sp.whole = true
						spans = append(spans, sp)
					}
				}
			}
		}
		for _, ch := range msg.Message.Children {
			if strings.HasPrefix(ch.Message, "future is not `Send`") || strings.HasPrefix(ch.Message, "captured value is not `Send`") {
				spans = append(spans, ch.Spans...)
			}
		}
		for _, s := range spans {
			// Inside another crate's macro (lazy_static!): rustc shows
			// the invocation in the user's code.
			for filepath.IsAbs(s.FileName) && s.Expansion != nil && s.Expansion.Span != nil {
				s = *s.Expansion.Span
				s.whole = true
			}
			if filepath.IsAbs(s.FileName) {
				continue // inside a dependency
			}
			f := filepath.ToSlash(s.FileName)
			if lines[f] == nil {
				lines[f] = map[int]bool{}
			}
			lines[f][s.LineStart] = true
			for l := s.LineStart + 1; s.whole && l <= s.LineEnd; l++ {
				lines[f][l] = true
			}
		}
	}
	if len(lines) == 0 {
		t.Fatalf("cargo check --message-format=json reported no %q note spans\nstderr:\n%s", r.c.errText, stderr)
	}
	return lines
}

func (r *run) cargoCheck(dir string) (ok bool, stderr string) {
	_, stderr, err := r.cargo(dir, "check", "--offline", "--quiet")
	return err == nil, stderr
}

// newWarnings returns the warnings of cargo's stderr got that want has
// not, by their message line ("warning: unused import: ..."), counted.
func newWarnings(got, want string) []string {
	messages := func(stderr string) map[string]int {
		out := map[string]int{}
		for _, line := range strings.Split(stderr, "\n") {
			if strings.HasPrefix(line, "warning: ") && !warningSummary.MatchString(line) {
				out[line]++
			}
		}
		return out
	}
	have := messages(want)
	var extra []string
	for line, n := range messages(got) {
		if n > have[line] {
			extra = append(extra, line)
		}
	}
	sort.Strings(extra)
	return extra
}

// warningSummary is cargo's count line, which names the package.
var warningSummary = regexp.MustCompile(`generated \d+ warnings?`)

func (r *run) cargoRun(dir string) (stdout, stderr string, err error) {
	return r.cargo(dir, "run", "--offline", "--quiet")
}

func (r *run) cargo(dir string, args ...string) (stdout, stderr string, err error) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "cargo", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CARGO_TARGET_DIR="+r.target, "CARGO_TERM_COLOR=never")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		r.t.Fatalf("cargo %s in %s timed out after %v", strings.Join(args, " "), dir, commandTimeout)
	}
	return out.String(), errb.String(), err
}

// result is one sendfix invocation.
type result struct {
	args           []string
	stdout, stderr string
	code           int
}

func (res result) String() string {
	return fmt.Sprintf("$ sendfix %s\n[exit %d]\n--- stdout:\n%s--- stderr:\n%s",
		strings.Join(res.args, " "), res.code, res.stdout, res.stderr)
}

func (r *run) sendfix(args ...string) result {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.bin, args...)
	cmd.Dir = r.work
	// Should sendfix run cargo itself (--cargo, --verify), it shares the
	// target dir too.
	cmd.Env = append(os.Environ(), "CARGO_TARGET_DIR="+r.target, "CARGO_TERM_COLOR=never")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	res := result{args: args, stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.t.Fatalf("sendfix %s timed out after %v", strings.Join(args, " "), commandTimeout)
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		r.t.Fatalf("running sendfix: %v", err)
	}
	return res
}

// moduleRoot is the directory of the sendfix go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		t.Fatal("go env GOMOD: not inside the sendfix module")
	}
	return filepath.Dir(gomod)
}

// buildSendfix builds the CLI once per test run, unless SENDFIX_ORACLE_BIN
// names a binary to test instead (a release build, or a stand-in).
func buildSendfix(t *testing.T, root string) string {
	t.Helper()
	if bin := os.Getenv("SENDFIX_ORACLE_BIN"); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	bin := filepath.Join(t.TempDir(), "sendfix")
	cmd := exec.Command("go", "build", "-o", bin, "sendfix/cmd/sendfix")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build sendfix/cmd/sendfix: %v\n%s", err, out)
	}
	return bin
}

func targetDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("SENDFIX_ORACLE_TARGET"); d != "" {
		return d
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatalf("no SENDFIX_ORACLE_TARGET and no user cache dir: %v", err)
	}
	return filepath.Join(cache, "sendfix-oracle-target")
}

func loadCases(t *testing.T, dir string) []oracleCase {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("reading cases: %v", err)
	}
	var cases []oracleCase
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		c := oracleCase{name: e.Name(), dir: filepath.Join(dir, e.Name())}
		data, err := os.ReadFile(filepath.Join(c.dir, "case.txt"))
		if err != nil {
			t.Fatalf("case %s: %v", c.name, err)
		}
		first, rest, _ := strings.Cut(string(data), "\n")
		kind, ok := strings.CutPrefix(strings.TrimSpace(first), "kind:")
		if !ok {
			t.Fatalf("case %s: case.txt must start with \"kind: positive|negative|manual\"", c.name)
		}
		c.kind = strings.TrimSpace(kind)
		c.transform = "scope-guard"
		c.errText = notSendMsg
		if c.kind == "manual" {
			c.want = "async-aware mutex"
		}
		var desc []string
		for _, l := range strings.Split(rest, "\n") {
			if v, ok := strings.CutPrefix(l, "transform:"); ok {
				c.transform = strings.TrimSpace(v)
			} else if v, ok := strings.CutPrefix(l, "want:"); ok {
				c.want = strings.TrimSpace(v)
			} else if v, ok := strings.CutPrefix(l, "error:"); ok {
				c.errText = strings.TrimSpace(v)
			} else {
				desc = append(desc, l)
			}
		}
		c.desc = strings.TrimSpace(strings.Join(desc, "\n"))
		if c.kind == "positive" {
			c.handfixed = handfixedFiles(t, c)
		}
		cases = append(cases, c)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].name < cases[j].name })
	return cases
}

// handfixedFiles lists the files of a positive case's hand fix: handfixed.rs
// stands for src/main.rs; a handfixed/ directory holds any files of the
// crate (src/*.rs, Cargo.toml) as they are after the fix.
func handfixedFiles(t *testing.T, c oracleCase) []string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(c.dir, "handfixed.rs")); err == nil {
		return []string{"src/main.rs"}
	}
	dir := filepath.Join(c.dir, "handfixed")
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("positive case %s needs handfixed.rs or a handfixed/ directory: %v", c.name, err)
	}
	sort.Strings(files)
	return files
}

var depLineRE = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=`)

// missingDeps lists the [dependencies] of the case that the Debian registry
// does not have.
func missingDeps(t *testing.T, c oracleCase) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(c.dir, "Cargo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	inDeps := false
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			inDeps = line == "[dependencies]"
			continue
		}
		m := depLineRE.FindStringSubmatch(line)
		if !inDeps || m == nil {
			continue
		}
		if found, _ := filepath.Glob(filepath.Join(debianRegistry, m[1]+"-[0-9]*")); len(found) == 0 {
			missing = append(missing, m[1])
		}
	}
	return missing
}

var packageNameRE = regexp.MustCompile(`(?m)^name\s*=\s*"([^"]+)"`)

// copyCase copies the crate of c (not the hand fix or case.txt) to a fresh
// temp dir and writes .cargo/config.toml. With handfixed set, the hand fix
// replaces its files (handfixed.rs becomes src/main.rs; the files under
// handfixed/ replace theirs) and the package gets its own name, so cargo
// never takes the hand-fixed build for the sendfix-fixed one (fingerprints of
// path packages do not depend on their location).
func copyCase(t *testing.T, c oracleCase, handfixed string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(c.dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel == "target" || rel == ".cargo" || rel == "handfixed" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if rel == "handfixed.rs" || rel == "case.txt" || rel == "Cargo.lock" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying case %s: %v", c.name, err)
	}
	if err := os.MkdirAll(filepath.Join(dst, ".cargo"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, ".cargo", "config.toml"), []byte(cargoConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	if handfixed != "" {
		for _, f := range c.handfixed {
			from := filepath.Join(c.dir, "handfixed", filepath.FromSlash(f))
			if _, err := os.Stat(filepath.Join(c.dir, "handfixed.rs")); err == nil {
				from = filepath.Join(c.dir, "handfixed.rs")
			}
			data, err := os.ReadFile(from)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, filepath.FromSlash(f))), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, filepath.FromSlash(f)), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		manifest := filepath.Join(dst, "Cargo.toml")
		toml, err := os.ReadFile(manifest)
		if err != nil {
			t.Fatal(err)
		}
		loc := packageNameRE.FindSubmatchIndex(toml)
		if loc == nil {
			t.Fatalf("case %s: no package name in Cargo.toml", c.name)
		}
		renamed := append(append(append([]byte{}, toml[:loc[3]]...), "-handfixed"...), toml[loc[3]:]...)
		if err := os.WriteFile(manifest, renamed, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// snapshot reads every file under dir, keyed by slash path, except build
// output in target/.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel == "target" {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", dir, err)
	}
	return files
}

// changes lists the files added, removed or modified between two snapshots.
func changes(before, after map[string][]byte) []string {
	var ch []string
	for f, b := range before {
		a, ok := after[f]
		switch {
		case !ok:
			ch = append(ch, f+" (removed)")
		case !bytes.Equal(a, b):
			ch = append(ch, f)
		}
	}
	for f := range after {
		if _, ok := before[f]; !ok {
			ch = append(ch, f+" (added)")
		}
	}
	sort.Strings(ch)
	if len(ch) > 20 {
		ch = append(ch[:20], fmt.Sprintf("and %d more", len(ch)-20))
	}
	return ch
}

func numbered(src []byte) string {
	var b strings.Builder
	for i, line := range strings.Split(string(src), "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, line)
	}
	return b.String()
}
