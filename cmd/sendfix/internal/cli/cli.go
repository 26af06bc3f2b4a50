// Package cli is sendfix's command line: flags into a rewrite.Config, the
// engine's results into diffs, findings and exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sort"
	"strings"
	"syscall"

	ucli "github.com/urfave/cli/v2"

	"sendfix/diffout"
	"sendfix/rewrite"
	"sendfix/transforms"
)

// Exit codes (DESIGN.md §2).
const (
	exitClean   = 0 // nothing to fix
	exitFixable = 1 // findings with a fix (diff: fixes shown)
	exitError   = 2 // bad flags, unreadable input, failed writes
	exitManual  = 3 // only findings that need a manual fix
)

// Main runs the command line and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	code := exitClean
	app := newApp(args, stdin, stdout, stderr, &code)
	if err := app.Run(args); err != nil {
		var ec ucli.ExitCoder
		if errors.As(err, &ec) {
			if msg := err.Error(); msg != "" {
				fmt.Fprintln(stderr, "sendfix: "+msg)
			}
			return ec.ExitCode()
		}
		fmt.Fprintln(stderr, "sendfix: "+err.Error())
		return exitError
	}
	return code
}

func newApp(args []string, stdin io.Reader, stdout, stderr io.Writer, code *int) *ucli.App {
	common := []ucli.Flag{
		&ucli.StringFlag{Name: "only", Usage: "run only these transforms (comma-separated)"},
		&ucli.StringFlag{Name: "skip", Usage: "skip these transforms (comma-separated)"},
		&ucli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: runtime.NumCPU(), Usage: "files processed in parallel"},
		&ucli.StringSliceFlag{Name: "exclude", Usage: "skip paths matching this glob (repeatable; ** matches directories)"},
		&ucli.StringFlag{Name: "color", Value: "auto", Usage: "colour the diff: auto|always|never"},
		&ucli.StringFlag{Name: "edition", Usage: "Rust edition (2015|2018|2021|2024); default: from the nearest Cargo.toml"},
		&ucli.Int64Flag{Name: "max-file-size", Value: rewrite.DefaultMaxFileSize, Usage: "skip files larger than this many bytes"},
		&ucli.StringFlag{Name: "strategy", Value: "auto", Usage: "guards held across an await: auto (scope, else switch to tokio::sync::Mutex), scope (never switch), async-mutex (switch even when scoping would do)"},
		&ucli.BoolFlag{Name: "all", Usage: "also fix futures that need not be Send (#[tokio::main] bodies, spawn_local, block_on)"},
		&ucli.BoolFlag{Name: "no-cache", Usage: "do not read or write the result cache (in the user cache directory)"},
		&ucli.StringFlag{Name: "diagnostics", Usage: "fix exactly the Send errors in this output of cargo check --message-format=json (FILE, or - for stdin)"},
		&ucli.BoolFlag{Name: "cargo", Usage: "run cargo check --message-format=json (arguments after -- are passed on) and fix exactly what it reports"},
		&ucli.BoolFlag{Name: "verify", Usage: "prove the fixes compile in a scratch copy of the workspace, backing out any that add an error"},
	}
	with := func(extra ...ucli.Flag) []ucli.Flag { return append(append([]ucli.Flag{}, common...), extra...) }
	env := &runEnv{stdin: stdin, stdout: stdout, stderr: stderr, code: code, cargoArgs: afterDashes(args)}
	app := &ucli.App{
		Name:            "sendfix",
		Usage:           `fix "future cannot be sent between threads safely" in Rust code`,
		UsageText:       "sendfix diff|fix|check [flags] [PATH...]\n   sendfix list | explain NAME",
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*ucli.Context, error) {}, // Main prints errors and picks the code
		// Usage errors go to stderr with exit 2, never help text on stdout
		// (stdout may be a patch file).
		OnUsageError: func(_ *ucli.Context, err error, _ bool) error {
			return usageError("%v (see sendfix --help)", err)
		},
		Action: func(c *ucli.Context) error {
			if c.NArg() > 0 {
				return usageError("unknown command %q (commands: diff, fix, check, list, explain)", c.Args().First())
			}
			ucli.ShowAppHelp(c)
			return ucli.Exit("", exitError)
		},
		Commands: []*ucli.Command{
			{
				Name:      "diff",
				Usage:     "show the fixes as a unified diff (exit 0: nothing to fix, 1: fixes shown, 2: error, 3: only manual findings)",
				ArgsUsage: "[PATH...]",
				Flags:     with(),
				Action:    env.diff,
			},
			{
				Name:      "fix",
				Usage:     "write the fixes in place (exit 0: done, 2: error, 3: findings left that need a manual fix)",
				ArgsUsage: "[PATH...]",
				Flags:     with(&ucli.BoolFlag{Name: "allow-dirty", Usage: "write files that have uncommitted changes"}),
				Action:    env.fix,
			},
			{
				Name:      "check",
				Usage:     "list findings, change nothing (exit 0: clean, 1: fixable findings, 2: error, 3: only manual findings)",
				ArgsUsage: "[PATH...]",
				Flags:     with(&ucli.StringFlag{Name: "format", Value: "text", Usage: "text|json|github"}),
				Action:    env.check,
			},
			{
				Name:   "list",
				Usage:  "list the transforms",
				Action: env.list,
			},
			{
				Name:      "explain",
				Usage:     "explain a transform, with a before/after example",
				ArgsUsage: "NAME",
				Action:    env.explain,
			},
		},
	}
	for _, cmd := range app.Commands {
		cmd.OnUsageError = app.OnUsageError
	}
	addBotFlags(app, env) // bots.go: sarif, --exit-zero, --pr-body, --interactive, sendfix.toml, progress
	return app
}

type runEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	code           *int
	cargoArgs      []string // after `--`: for cargo check
	bots           botState // bots.go
}

// afterDashes returns the arguments after a `--`, which go to cargo.
func afterDashes(args []string) []string {
	for i, a := range args {
		if a == "--" {
			return append([]string(nil), args[i+1:]...)
		}
	}
	return nil
}

func usageError(format string, args ...any) error {
	return ucli.Exit(fmt.Sprintf(format, args...), exitError)
}

// config turns flags into an engine configuration.
func (e *runEnv) config(c *ucli.Context) (rewrite.Config, error) {
	all := transforms.All()
	known := map[string]*rewrite.Transform{}
	var names []string
	for _, t := range all {
		known[t.Name] = t
		names = append(names, t.Name)
	}
	parse := func(flag string) (map[string]bool, error) {
		set := map[string]bool{}
		for _, n := range strings.Split(c.String(flag), ",") {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			if known[n] == nil {
				return nil, usageError("--%s: unknown transform %q (known: %s)", flag, n, strings.Join(names, ", "))
			}
			set[n] = true
		}
		return set, nil
	}
	only, err := parse("only")
	if err != nil {
		return rewrite.Config{}, err
	}
	skip, err := parse("skip")
	if err != nil {
		return rewrite.Config{}, err
	}
	strategy := c.String("strategy")
	switch strategy {
	case "auto", "scope", "async-mutex":
	default:
		return rewrite.Config{}, usageError("--strategy: want auto, scope or async-mutex, not %q", strategy)
	}
	var chosen []*rewrite.Transform
	for _, t := range all {
		if strategy == "scope" && t.Name == "async-mutex" {
			continue // never switch a mutex
		}
		if (len(only) == 0 || only[t.Name]) && !skip[t.Name] {
			chosen = append(chosen, t)
		}
	}
	switch e := c.String("edition"); e {
	case "", "2015", "2018", "2021", "2024":
	default:
		return rewrite.Config{}, usageError("--edition: %q is not a Rust edition (2015, 2018, 2021 or 2024)", e)
	}
	switch c.String("color") {
	case "auto", "always", "never":
	default:
		return rewrite.Config{}, usageError("--color: want auto, always or never, not %q", c.String("color"))
	}
	if c.Int("jobs") < 1 {
		return rewrite.Config{}, usageError("--jobs: want at least 1")
	}
	if c.Int64("max-file-size") < 1 {
		return rewrite.Config{}, usageError("--max-file-size: want a positive number of bytes")
	}
	paths := c.Args().Slice()
	// urfave/cli keeps what follows `--` as arguments: those are cargo's.
	if n := len(e.cargoArgs); n > 0 && n <= len(paths) {
		paths = paths[:len(paths)-n]
	}
	return rewrite.Config{
		Paths:       paths,
		Transforms:  chosen,
		Jobs:        c.Int("jobs"),
		Exclude:     c.StringSlice("exclude"),
		Edition:     c.String("edition"),
		MaxFileSize: c.Int64("max-file-size"),
		All:         c.Bool("all"),
		Strategy:    strategy,
		NoCache:     c.Bool("no-cache"),
	}, nil
}

// outcome accumulates what a run found.
type outcome struct {
	files    []*rewrite.FileResult
	fixable  int
	manual   int
	errors   int
	findings []rewrite.Finding
}

// dedupManual drops repeated manual findings: rustc reports one Send error
// per spawn (and per target), so the same value left unfixed can come
// back several times.
func (o *outcome) dedupManual() {
	seen := map[string]bool{}
	kept := o.findings[:0]
	for _, f := range o.findings {
		if f.Fix == nil {
			k := fmt.Sprintf("%s\x00%s\x00%d\x00%d\x00%s", f.Transform, f.Path, f.Line, f.Col, f.Message)
			if seen[k] {
				o.manual--
				continue
			}
			seen[k] = true
		}
		kept = append(kept, f)
	}
	o.findings = kept
}

// collect runs the engine, printing each file error to stderr as it comes.
func (e *runEnv) collect(c *ucli.Context, keep func(*rewrite.FileResult) bool) (*outcome, error) {
	cfg, err := e.configure(c) // config.go: sendfix.toml, then the flags
	if err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
	defer stop()
	out := &outcome{}
	if c.Bool("verify") || c.Bool("cargo") || c.String("diagnostics") != "" {
		out, err := e.collectGuided(ctx, c, cfg, keep)
		if out != nil {
			out.dedupManual()
		}
		return out, err
	}
	err = rewrite.Run(ctx, cfg, func(r *rewrite.FileResult) error {
		e.tally(out, r, keep)
		return nil
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, ucli.Exit("interrupted", exitError)
		}
		return nil, ucli.Exit(err.Error(), exitError)
	}
	return out, nil
}

// tally adds one file's results to the outcome, printing its error.
func (e *runEnv) tally(out *outcome, r *rewrite.FileResult, keep func(*rewrite.FileResult) bool) {
	e.bots.last = out
	if r.Err != nil {
		fmt.Fprintln(e.stderr, "sendfix: "+r.Err.Error())
		if r.New == nil && len(r.Findings) == 0 {
			out.errors++
		}
	}
	for _, f := range r.Findings {
		if f.Fix != nil {
			out.fixable++
		} else {
			out.manual++
		}
	}
	out.findings = append(out.findings, r.Findings...)
	if keep(r) {
		out.files = append(out.files, r)
	}
}

func (e *runEnv) colorOn(c *ucli.Context) bool {
	switch c.String("color") {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := e.stdout.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// reportManual prints the findings that need a person to stderr.
func (e *runEnv) reportManual(fs []rewrite.Finding) {
	var manual []rewrite.Finding
	for _, f := range fs {
		if f.Fix == nil {
			manual = append(manual, f)
		}
	}
	if len(manual) == 0 {
		return
	}
	diffout.Sort(manual)
	fmt.Fprintf(e.stderr, "sendfix: %d finding(s) need a manual fix:\n", len(manual))
	diffout.Text(e.stderr, manual)
}

func (e *runEnv) diff(c *ucli.Context) error {
	out, err := e.collect(c, (*rewrite.FileResult).Changed)
	if err != nil {
		return err
	}
	color := e.colorOn(c)
	for _, r := range out.files {
		if _, err := e.stdout.Write(diffout.Unified(r.Path, r.Old, r.New, color)); err != nil {
			return ucli.Exit(err.Error(), exitError)
		}
	}
	e.reportManual(out.findings)
	switch {
	case out.errors > 0:
		*e.code = exitError
	case len(out.files) > 0:
		*e.code = exitFixable
	case out.manual > 0:
		*e.code = exitManual
	}
	return nil
}

// fixWritten reports whether a file the fix edits was written (a
// package-wide fix is reported where a value reaches the spawn, and may
// edit only other files).
func fixWritten(f rewrite.Finding, written map[string]bool) bool {
	if written[f.Path] {
		return true
	}
	for _, e := range f.Fix.Edits {
		if e.Path != "" && written[e.Path] {
			return true
		}
	}
	return false
}

// maxCargoRounds bounds `fix --cargo`'s check-and-fix rounds.
const maxCargoRounds = 4

func (e *runEnv) fix(c *ucli.Context) error {
	out, err := e.collect(c, (*rewrite.FileResult).Changed)
	if err != nil {
		return err
	}
	if !c.Bool("allow-dirty") && len(out.files) > 0 {
		dirty, err := rewrite.DirtyFiles(out.files)
		if err != nil {
			return ucli.Exit(err.Error(), exitError)
		}
		if len(dirty) > 0 {
			sort.Strings(dirty)
			return ucli.Exit(fmt.Sprintf("refusing to write files with uncommitted changes (commit or stash them, or pass --allow-dirty):\n  %s", strings.Join(dirty, "\n  ")), exitError)
		}
	}
	if c.Bool("interactive") {
		if err := e.review(c, out); err != nil { // interactive.go
			return err
		}
	}
	written, failed, applied := 0, 0, 0
	writtenPaths := map[string]bool{}
	// An interrupt stops between two files, never inside one: each file is
	// old or new (WriteFile renames a complete temporary file over it).
	wctx, wstop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer wstop()
	for round := 1; ; round++ {
		wroteNow := 0
		for _, r := range out.files {
			if wctx.Err() != nil {
				fmt.Fprintf(e.stderr, "sendfix: interrupted: %d of %d file(s) written, the others left as they were\n", wroteNow, len(out.files))
				failed++
				break
			}
			if err := rewrite.WriteFile(r); err != nil {
				fmt.Fprintln(e.stderr, "sendfix: "+err.Error())
				failed++
				continue
			}
			if !writtenPaths[r.Path] {
				written++
			}
			writtenPaths[r.Path] = true
			wroteNow++
		}
		for _, f := range out.findings {
			if f.Fix != nil && f.Applied && fixWritten(f, writtenPaths) {
				applied++
			}
		}
		// rustc reports some Send errors only once others are fixed (one
		// guard per future and type): with --cargo, check again and fix
		// what it reports now, a few rounds at most. (--verify does its
		// own rounds, in a scratch copy.)
		if !c.Bool("cargo") || c.Bool("verify") || c.Bool("interactive") || wroteNow == 0 || failed > 0 || wctx.Err() != nil || round == maxCargoRounds {
			break
		}
		next, err := e.collect(c, (*rewrite.FileResult).Changed)
		if err != nil {
			return err
		}
		out = next
		if len(out.files) == 0 {
			break
		}
	}
	e.bots.written = writtenPaths
	if written > 0 && !c.Bool("quiet") {
		fmt.Fprintf(e.stderr, "sendfix: applied %d fix(es) in %d file(s)\n", applied, written)
	}
	e.reportManual(out.findings)
	switch {
	case out.errors > 0 || failed > 0:
		*e.code = exitError
	case out.manual > 0:
		*e.code = exitManual
	}
	return nil
}

func (e *runEnv) check(c *ucli.Context) error {
	format := c.String("format")
	var render func(io.Writer, []rewrite.Finding) error
	switch format {
	case "text":
		render = diffout.Text
	case "json":
		render = diffout.JSON
	case "github":
		render = diffout.GitHub
	case "sarif":
		// set below: SARIF counts columns in the files' text
	default:
		return usageError("--format: want text, json, sarif or github, not %q", format)
	}
	out, err := e.collect(c, func(*rewrite.FileResult) bool { return format == "sarif" })
	if err != nil {
		return err
	}
	if format == "sarif" {
		render = e.sarifRender(out) // bots.go
	}
	diffout.Sort(out.findings)
	if err := render(e.stdout, out.findings); err != nil {
		return ucli.Exit(err.Error(), exitError)
	}
	switch {
	case out.errors > 0:
		*e.code = exitError
	case out.fixable > 0:
		*e.code = exitFixable
	case out.manual > 0:
		*e.code = exitManual
	}
	return nil
}

func (e *runEnv) list(c *ucli.Context) error {
	for _, t := range transforms.All() {
		first, _, _ := strings.Cut(t.Doc, "\n")
		_, summary, _ := strings.Cut(first, ": ")
		fmt.Fprintf(e.stdout, "%-12s %s\n", t.Name, summary)
	}
	return nil
}

func (e *runEnv) explain(c *ucli.Context) error {
	if c.NArg() != 1 {
		return usageError("explain: want one transform name (see sendfix list)")
	}
	for _, t := range transforms.All() {
		if t.Name == c.Args().First() {
			fmt.Fprintln(e.stdout, t.Doc)
			return nil
		}
	}
	return usageError("explain: unknown transform %q (see sendfix list)", c.Args().First())
}
