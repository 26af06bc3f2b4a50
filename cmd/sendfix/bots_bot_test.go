package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The bot recipe end to end: scripts/sendfix-bot.sh on a fresh clone of a
// bare repository (the "remote"), with this test binary as sendfix.

const botWorker = `use std::sync::{Arc, Mutex};

async fn tick() {}

pub async fn finish(done: Arc<Mutex<Vec<u32>>>, job: u32) {
    let mut done = done.lock().unwrap();
    done.push(job);
    let total = done.len();
    tick().await;
    println!("{total}");
}

pub async fn drain(queue: Arc<Mutex<Vec<u32>>>) {
    let mut q = queue.lock().unwrap();
    tick().await;
    q.clear();
}
`

type botEnv struct {
	t      *testing.T
	root   string
	env    []string
	script string
}

func newBotEnv(t *testing.T) *botEnv {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("needs bash")
	}
	if _, err := exec.LookPath("sendfix"); err != nil {
		t.Skip("sendfix is not on $PATH (run through go test)")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "sendfix-bot.sh"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	home := filepath.Join(root, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"), 0o644)
	env := append(os.Environ(),
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CEILING_DIRECTORIES="+root, "LC_ALL=C",
		"GIT_AUTHOR_NAME=dev", "GIT_AUTHOR_EMAIL=dev@example.invalid",
		"GIT_COMMITTER_NAME=dev", "GIT_COMMITTER_EMAIL=dev@example.invalid",
		"GITHUB_OUTPUT=", "SENDFIX=",
	)
	b := &botEnv{t: t, root: root, env: env, script: script}
	// The remote: a bare repository holding one commit of a Rust package.
	b.run("", "git", "init", "-q", "--bare", "remote.git")
	b.run("", "git", "init", "-q", "seed")
	writeFiles(t, filepath.Join(root, "seed"), map[string]string{
		"Cargo.toml":    "[package]\nname = \"worker\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntokio = { version = \"1\", features = [\"full\"] }\n",
		"src/lib.rs":    "pub mod worker;\n",
		"src/worker.rs": botWorker,
		// Keep the test about the bot, not about which passes exist.
		"sendfix.toml": "enable = [\"scope-guard\"]\n",
	})
	b.run("seed", "git", "add", ".")
	b.run("seed", "git", "commit", "-qm", "worker")
	b.run("seed", "git", "push", "-q", filepath.Join(root, "remote.git"), "main")
	b.run("", "git", "clone", "-q", "remote.git", "checkout")
	return b
}

// run runs a command in root/dir and returns its stdout; it fails the
// test on a non-zero exit.
func (b *botEnv) run(dir, name string, args ...string) string {
	b.t.Helper()
	out, code, stderr := b.try(dir, nil, name, args...)
	if code != 0 {
		b.t.Fatalf("%s %s: exit %d\n%s%s", name, strings.Join(args, " "), code, out, stderr)
	}
	return out
}

func (b *botEnv) try(dir string, extraEnv []string, name string, args ...string) (string, int, string) {
	b.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = filepath.Join(b.root, dir)
	cmd.Env = append(append([]string(nil), b.env...), extraEnv...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			b.t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	return stdout.String(), code, stderr.String()
}

func TestBotScriptPushesABranch(t *testing.T) {
	b := newBotEnv(t)
	ghOut := filepath.Join(b.root, "github_output")
	head := strings.TrimSpace(b.run("checkout", "git", "rev-parse", "--short=12", "HEAD"))
	branch := "sendfix/fix-" + head

	out, code, stderr := b.try("checkout", []string{"GITHUB_OUTPUT=" + ghOut}, "bash", b.script)
	if code != 0 {
		t.Fatalf("bot exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "sendfix-bot: committed ") || !strings.Contains(out, "on "+branch+" (pushed to origin): sendfix: make futures Send (1 fix in 1 file, 1 finding left)") {
		t.Errorf("stdout:\n%s", out)
	}

	// The remote has the branch; its commit's subject is the title and
	// its message the PR description.
	subject := b.run("remote.git", "git", "log", "-1", "--format=%s", branch)
	if strings.TrimSpace(subject) != "sendfix: make futures Send (1 fix in 1 file, 1 finding left)" {
		t.Errorf("subject %q", subject)
	}
	body := b.run("remote.git", "git", "log", "-1", "--format=%b", branch)
	for _, want := range []string{
		"## sendfix: make futures `Send`",
		"| `scope-guard` | 1 | 1 |",
		"- `src/worker.rs:6` (`scope-guard`): `done` (std::sync::MutexGuard) is held across the .await at line 9",
		"### Left for a human",
		"- `src/worker.rs:14` (`scope-guard`): `q`",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("commit message lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "<!-- title:") {
		t.Errorf("the title comment belongs in the subject, not the message:\n%s", body)
	}
	author := b.run("remote.git", "git", "log", "-1", "--format=%an <%ae>", branch)
	if strings.TrimSpace(author) != "dev <dev@example.invalid>" {
		t.Errorf("author %q", author)
	}
	// The branch is one commit on main, changing only the fixed file.
	parent := b.run("remote.git", "git", "rev-parse", branch+"^")
	main := b.run("remote.git", "git", "rev-parse", "main")
	if parent != main {
		t.Errorf("branch is not one commit on main")
	}
	files := b.run("remote.git", "git", "diff", "--name-only", "main", branch)
	if strings.TrimSpace(files) != "src/worker.rs" {
		t.Errorf("changed files %q", files)
	}
	fixed := b.run("remote.git", "git", "show", branch+":src/worker.rs")
	if !strings.Contains(fixed, "    let total = {\n        let mut done = done.lock().unwrap();\n        done.push(job);\n        done.len()\n    };\n") {
		t.Errorf("fixed file:\n%s", fixed)
	}
	// The checkout is back where it was, clean; the files are left for the
	// next step of a workflow.
	if cur := strings.TrimSpace(b.run("checkout", "git", "branch", "--show-current")); cur != "main" {
		t.Errorf("checkout left on %q", cur)
	}
	if st := b.run("checkout", "git", "status", "--porcelain"); st != "" {
		t.Errorf("checkout not clean:\n%s", st)
	}
	gh, err := os.ReadFile(ghOut)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"changed=true\n", "branch=" + branch + "\n", "title=sendfix: make futures Send (1 fix in 1 file, 1 finding left)\n", "body-file="} {
		if !strings.Contains(string(gh), want) {
			t.Errorf("GITHUB_OUTPUT lacks %q:\n%s", want, gh)
		}
	}
	bodyFile := filepath.Join(b.root, "checkout", ".git", "sendfix-bot", "body.md")
	if data, err := os.ReadFile(bodyFile); err != nil || !strings.HasPrefix(string(data), "<!-- title: sendfix: make futures Send") {
		t.Errorf("body.md: %v\n%s", err, data)
	}

	// Again: the branch exists on the remote, so the bot refuses (exit 1)
	// unless --force, and leaves the checkout clean.
	_, code, stderr = b.try("checkout", nil, "bash", b.script)
	if code != 1 || !strings.Contains(stderr, "branch "+branch+" exists on origin already (use --force to replace it)") {
		t.Errorf("second run: exit %d\n%s", code, stderr)
	}
	_, code, stderr = b.try("checkout", nil, "bash", b.script, "--force", "-b", branch)
	if code != 0 {
		t.Errorf("--force: exit %d\n%s", code, stderr)
	}
	if st := b.run("checkout", "git", "status", "--porcelain"); st != "" {
		t.Errorf("checkout not clean:\n%s", st)
	}
}

func TestBotScriptNoPush(t *testing.T) {
	b := newBotEnv(t)
	out, code, stderr := b.try("checkout", nil, "bash", b.script, "--no-push", "-b", "try/sendfix")
	if code != 0 || !strings.Contains(out, "on try/sendfix (not pushed): ") {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	if heads := b.run("remote.git", "git", "branch", "--list", "try/*"); heads != "" {
		t.Errorf("pushed despite --no-push: %s", heads)
	}
	if files := b.run("checkout", "git", "diff", "--name-only", "main", "try/sendfix"); strings.TrimSpace(files) != "src/worker.rs" {
		t.Errorf("local branch changes %q", files)
	}
}

func TestBotScriptNothingToFix(t *testing.T) {
	b := newBotEnv(t)
	ghOut := filepath.Join(b.root, "github_output")
	// Flags after -- go to sendfix: skip every fixable finding.
	out, code, stderr := b.try("checkout", []string{"GITHUB_OUTPUT=" + ghOut}, "bash", b.script, "--", "--exclude", "src/**")
	if code != 0 || !strings.Contains(out, "sendfix-bot: nothing to fix") {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	if heads := b.run("remote.git", "git", "branch", "--list", "sendfix/*"); heads != "" {
		t.Errorf("a branch was pushed: %s", heads)
	}
	if gh, _ := os.ReadFile(ghOut); string(gh) != "changed=false\n" {
		t.Errorf("GITHUB_OUTPUT %q", gh)
	}
}

func TestBotScriptRefusesADirtyCheckout(t *testing.T) {
	b := newBotEnv(t)
	f := filepath.Join(b.root, "checkout", "src", "worker.rs")
	data, _ := os.ReadFile(f)
	os.WriteFile(f, append(data, "// wip\n"...), 0o644)
	_, code, stderr := b.try("checkout", nil, "bash", b.script)
	if code != 1 || !strings.Contains(stderr, "the checkout has uncommitted changes") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(f); !strings.HasSuffix(string(after), "// wip\n") || strings.Contains(string(after), "let total = {") {
		t.Errorf("the dirty file was touched:\n%s", after)
	}
}

func TestBotScriptSendfixErrorFails(t *testing.T) {
	b := newBotEnv(t)
	// A bad flag for sendfix: exit 2 from sendfix, 1 from the bot, nothing
	// committed or pushed.
	_, code, stderr := b.try("checkout", nil, "bash", b.script, "--", "--jobs", "0")
	if code != 1 || !strings.Contains(stderr, "sendfix fix failed (exit 2); nothing committed") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if heads := b.run("remote.git", "git", "branch", "--list", "sendfix/*"); heads != "" {
		t.Errorf("a branch was pushed: %s", heads)
	}
	// Usage errors of the script itself exit 2.
	_, code, _ = b.try("checkout", nil, "bash", b.script, "--bogus")
	if code != 2 {
		t.Errorf("--bogus: exit %d", code)
	}
}

// The workflow is valid YAML whose bot job runs the script and whose check
// job uploads SARIF; GitHub itself is out of reach here.
func TestWorkflowUsesTheRecipe(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "sendfix.yml"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{"scripts/sendfix-bot.sh", "--format sarif", "github/codeql-action/upload-sarif", "--exit-zero", "gh pr create"} {
		if !strings.Contains(text, want) {
			t.Errorf("workflow lacks %q", want)
		}
	}
	if py, err := exec.LookPath("python3"); err == nil {
		cmd := exec.Command(py, "-c", "import sys, yaml; yaml.safe_load(open(sys.argv[1]))", filepath.Join("..", "..", ".github", "workflows", "sendfix.yml"))
		if out, err := cmd.CombinedOutput(); err != nil {
			if strings.Contains(string(out), "No module named 'yaml'") {
				t.Log("python3 has no yaml module: YAML not parsed")
			} else {
				t.Errorf("workflow is not valid YAML: %v\n%s", err, out)
			}
		}
	}
}
