package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	ucli "github.com/urfave/cli/v2"

	"sendfix/compiler"
	"sendfix/rewrite"
)

// collectGuided is collect for the compiler modes: --diagnostics and
// --cargo fix exactly what rustc reported; --verify proves the fixes in a
// scratch copy of the workspace first.
func (e *runEnv) collectGuided(ctx context.Context, c *ucli.Context, cfg rewrite.Config, keep func(*rewrite.FileResult) bool) (*outcome, error) {
	fail := func(err error) (*outcome, error) { return nil, ucli.Exit(err.Error(), exitError) }
	if c.String("diagnostics") != "" && c.Bool("cargo") {
		return nil, usageError("--diagnostics and --cargo both say where rustc's report comes from: pick one")
	}
	start := "."
	if len(cfg.Paths) > 0 {
		start = cfg.Paths[0]
		if info, err := os.Stat(start); err == nil && !info.IsDir() {
			start = filepath.Dir(start)
		}
	}
	abs, err := filepath.Abs(start)
	if err != nil {
		return fail(err)
	}
	guided := c.Bool("cargo") || c.String("diagnostics") != ""
	out := &outcome{}

	if c.Bool("verify") {
		root, err := compiler.WorkspaceRoot(ctx, abs)
		if err != nil {
			return fail(err)
		}
		res, err := compiler.Verify(ctx, compiler.VerifyOptions{
			Root: root, Config: cfg, Guided: guided, CargoArgs: e.cargoArgs,
			Display: rewrite.DisplayPath,
			Log:     func(f string, a ...any) { fmt.Fprintf(e.stderr, "sendfix: "+f+"\n", a...) },
		})
		if err != nil {
			return fail(err)
		}
		out.files = res.Files
		for _, f := range res.Findings {
			out.fixable++
			out.findings = append(out.findings, f)
		}
		for _, r := range res.Rejected {
			f := r.Finding
			f.Fix, f.Applied = nil, false
			f.Message += " (fix backed out by --verify: " + r.Error + ")"
			out.manual++
			out.findings = append(out.findings, f)
		}
		for _, f := range res.Remaining {
			out.manual++
			out.findings = append(out.findings, f)
		}
		return out, nil
	}

	var report []byte
	if c.Bool("cargo") {
		root, err := compiler.WorkspaceRoot(ctx, abs)
		if err != nil {
			return fail(err)
		}
		if len(cfg.Paths) == 0 {
			cfg.Paths = []string{root} // rustc reports the whole workspace
		}
		report, err = compiler.Check(ctx, root, "", e.cargoArgs)
		if err != nil {
			return fail(err)
		}
	} else {
		name := c.String("diagnostics")
		var r io.Reader
		if name == "-" {
			r = e.stdin
		} else {
			f, err := os.Open(name)
			if err != nil {
				return fail(fmt.Errorf("--diagnostics: %w", err))
			}
			defer f.Close()
			r = f
		}
		report, err = io.ReadAll(r)
		if err != nil {
			return fail(fmt.Errorf("--diagnostics: %w", err))
		}
	}
	reports, _, err := compiler.Parse(bytes.NewReader(report))
	if err != nil {
		return fail(err)
	}
	if len(reports) == 0 && !bytes.Contains(report, []byte(`"reason"`)) {
		return fail(errors.New("--diagnostics: no cargo JSON messages found (use cargo check --message-format=json)"))
	}
	m := compiler.NewMatcher(reports)
	cfg.Keep = m.Keep
	cfg.AddNonSendTypes(compiler.HeldTypes(reports))
	err = rewrite.Run(ctx, cfg, func(r *rewrite.FileResult) error {
		e.tally(out, r, keep)
		return nil
	})
	if err != nil {
		return fail(err)
	}
	for _, f := range m.Unmatched(rewrite.DisplayPath) {
		out.manual++
		out.findings = append(out.findings, f)
	}
	return out, nil
}
