package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	ucli "github.com/urfave/cli/v2"

	"sendfix/diffout"
	"sendfix/rewrite"
)

// botState is what the CI and bot features (issue 6) keep during a run:
// the engine configuration, the last outcome and the files fix wrote.
type botState struct {
	cfg      rewrite.Config
	last     *outcome
	written  map[string]bool // fix: the files written
	declined map[findingKey]bool
	bar      *progressBar
}

// findingKey names a finding across runs: path, transform and start in
// the file as it is on disk.
type findingKey struct {
	path, transform string
	start           int
}

func keyOf(f rewrite.Finding) findingKey { return findingKey{f.Path, f.Transform, f.Start} }

// botFlags adds the CI and bot flags to the commands and wraps their
// actions: --config/--no-config and --quiet on diff, fix and check;
// --exit-zero on diff and check; --pr-body/--pr-title on diff and fix;
// --interactive on fix; sarif among check's formats.
func addBotFlags(app *ucli.App, e *runEnv) {
	for _, cmd := range app.Commands {
		name := cmd.Name
		switch name {
		case "diff", "fix", "check":
		default:
			continue
		}
		cmd.Flags = append(cmd.Flags, configFlags()...)
		cmd.Flags = append(cmd.Flags, &ucli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress bar and no summary line on stderr"})
		switch name {
		case "diff", "check":
			cmd.Flags = append(cmd.Flags, &ucli.BoolFlag{Name: "exit-zero", Usage: "exit 0 when findings or fixes are reported (errors still exit 2): for report-only jobs"})
		}
		switch name {
		case "diff", "fix":
			cmd.Flags = append(cmd.Flags,
				&ucli.StringFlag{Name: "pr-body", Usage: "write a pull-request description (Markdown) to `FILE`; its first line is <!-- title: ... -->"},
				&ucli.StringFlag{Name: "pr-title", Usage: "write a one-line pull-request title to `FILE`"},
			)
		}
		if name == "fix" {
			cmd.Flags = append(cmd.Flags, &ucli.BoolFlag{Name: "interactive", Aliases: []string{"i"}, Usage: "show each fix and ask whether to apply it (y/n/a/d/q), like git add -p; needs a terminal"})
		}
		if name == "check" {
			for _, f := range cmd.Flags {
				if sf, ok := f.(*ucli.StringFlag); ok && sf.Name == "format" {
					sf.Usage = "text|json|sarif|github"
				}
			}
		}
		action := cmd.Action
		cmd.Action = func(c *ucli.Context) error {
			if err := e.preflight(c); err != nil {
				return err
			}
			err := action(c)
			if bar := e.bots.bar; bar != nil {
				bar.finish() // an interrupted run leaves no bar behind its message
			}
			if err != nil {
				return err
			}
			if err := e.writePR(c, name); err != nil {
				return err
			}
			if c.Bool("exit-zero") && (*e.code == exitFixable || *e.code == exitManual) {
				*e.code = exitClean
			}
			return nil
		}
	}
}

// preflight rejects flag combinations before any work is done.
func (e *runEnv) preflight(c *ucli.Context) error {
	for _, f := range []string{"pr-body", "pr-title"} {
		if hasFlag(c, f) && c.String(f) == "-" {
			return usageError("--%s: want a file name (stdout carries the diff)", f)
		}
	}
	if hasFlag(c, "interactive") && c.Bool("interactive") {
		if c.Bool("verify") || c.Bool("cargo") || c.String("diagnostics") != "" {
			return usageError("--interactive cannot be combined with --diagnostics, --cargo or --verify")
		}
		if !isTerminal(e.stdin) {
			return usageError("fix --interactive: standard input is not a terminal, so there is no one to ask; review with `sendfix diff`, or run `sendfix fix` without --interactive")
		}
	}
	return nil
}

// writePR writes --pr-body and --pr-title after diff or fix.
func (e *runEnv) writePR(c *ucli.Context, command string) error {
	if !hasFlag(c, "pr-body") || (c.String("pr-body") == "" && c.String("pr-title") == "") {
		return nil
	}
	var fs []rewrite.Finding
	if out := e.bots.last; out != nil {
		fs = append(fs, out.findings...)
	}
	if command == "fix" {
		// Only what was written counts as changed.
		for i := range fs {
			if fs[i].Applied && !e.bots.written[fs[i].Path] {
				fs[i].Applied = false
			}
		}
	}
	diffout.Sort(fs)
	opt := diffout.PROptions{Command: command, Transforms: e.bots.cfg.Transforms}
	if len(e.bots.declined) > 0 {
		opt.Skipped = func(f rewrite.Finding) bool { return e.bots.declined[keyOf(f)] }
	}
	title, body := diffout.PRBody(fs, opt)
	if p := c.String("pr-body"); p != "" {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return ucli.Exit(fmt.Sprintf("--pr-body: %v", err), exitError)
		}
	}
	if p := c.String("pr-title"); p != "" {
		if err := os.WriteFile(p, []byte(title+"\n"), 0o644); err != nil {
			return ucli.Exit(fmt.Sprintf("--pr-title: %v", err), exitError)
		}
	}
	return nil
}

// sarifRender returns check's SARIF renderer: it needs the text of the
// files (kept by check for --format sarif) to count columns in code
// points.
func (e *runEnv) sarifRender(out *outcome) func(io.Writer, []rewrite.Finding) error {
	src := map[string][]byte{}
	for _, r := range out.files {
		src[r.Path] = r.Old
	}
	opt := diffout.SARIFOptions{
		Rules:   e.bots.cfg.Transforms,
		Version: version(),
		Source:  func(p string) []byte { return src[p] },
	}
	return func(w io.Writer, fs []rewrite.Finding) error { return diffout.SARIF(w, fs, opt) }
}

// version is the module version sendfix was built at, or "" for a
// development build.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return ""
}
