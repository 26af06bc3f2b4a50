package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	ucli "github.com/urfave/cli/v2"

	"sendfix/diffout"
	"sendfix/rewrite"
)

const reviewHelp = `y - apply this fix
n - do not apply this fix
a - apply this fix and all later fixes in this file
d - do not apply this fix nor any later fix in this file
q - quit: apply the fixes accepted so far, none of the rest
? - print help
`

// review is fix --interactive: it shows each fix the run would apply as a
// coloured diff against the text with the fixes accepted so far, asks
// y/n/a/d/q, and leaves in out only what was accepted. Each fix is shown
// by running the engine again with the accepted fixes plus that one (the
// engine drops the others through Config.Keep), so a fix is always shown
// and applied on top of exactly the fixes before it, and what is written
// is what the engine makes of the accepted set: it re-parses it, as ever.
func (e *runEnv) review(c *ucli.Context, out *outcome) error {
	var asks []rewrite.Finding
	for _, f := range out.findings {
		if f.Fix != nil && f.Applied {
			asks = append(asks, f)
		}
	}
	if len(asks) == 0 {
		return nil
	}
	diffout.Sort(asks)
	color := e.colorOn(c)
	in := bufio.NewReader(e.stdin)
	old := map[string][]byte{}
	for _, r := range out.files {
		old[r.Path] = r.Old
	}
	accepted := map[findingKey]bool{}
	declined := map[findingKey]bool{}
	// base is the result of the run with the accepted fixes: the text
	// each question's diff starts from.
	base := map[string]*rewrite.FileResult{}
	text := func(state map[string]*rewrite.FileResult, path string) []byte {
		if r, ok := state[path]; ok {
			return r.New
		}
		return old[path]
	}
	acceptRest, declineRest := "", ""
	quit := false
	for i, f := range asks {
		k := keyOf(f)
		switch {
		case quit || declineRest == f.Path:
			declined[k] = true
			continue
		case acceptRest == f.Path:
			accepted[k] = true
			continue
		}
		try := map[findingKey]bool{k: true}
		for a := range accepted {
			try[a] = true
		}
		cand, err := e.runKeeping(try)
		if err != nil {
			return err
		}
		var patch strings.Builder
		for _, p := range unionPaths(base, cand) {
			if _, known := old[p]; !known {
				if r, ok := cand[p]; ok {
					old[p] = r.Old
				} else if r, ok := base[p]; ok {
					old[p] = r.Old
				}
			}
			patch.Write(diffout.Unified(p, text(base, p), text(cand, p), color))
		}
		fmt.Fprintf(e.stdout, "(%d/%d) %s:%d: %s: %s\n", i+1, len(asks), f.Path, f.Line, f.Transform, strings.TrimRight(f.Message, "\n"))
		if patch.Len() == 0 {
			fmt.Fprintln(e.stdout, "This fix changes nothing on its own (it depends on a fix you declined); skipped.")
			declined[k] = true
			continue
		}
		io.WriteString(e.stdout, patch.String())
	ask:
		for {
			prompt := "Apply this fix [y,n,a,d,q,?]? "
			if color {
				prompt = "\x1b[1;34m" + prompt + "\x1b[0m"
			}
			io.WriteString(e.stdout, prompt)
			line, err := in.ReadString('\n')
			if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
				// End of input: like q.
				fmt.Fprintln(e.stdout)
				quit = true
				declined[k] = true
				break ask
			}
			switch strings.ToLower(strings.TrimSpace(line)) {
			case "y", "yes":
				accepted[k] = true
				base = cand
			case "n", "no":
				declined[k] = true
			case "a":
				accepted[k] = true
				base = cand
				acceptRest = f.Path
			case "d":
				declined[k] = true
				declineRest = f.Path
			case "q":
				declined[k] = true
				quit = true
			default:
				io.WriteString(e.stdout, reviewHelp)
				continue
			}
			break ask
		}
	}
	e.bots.declined = declined
	final := map[string]*rewrite.FileResult{}
	if len(accepted) > 0 {
		var err error
		if final, err = e.runKeeping(accepted); err != nil {
			return err
		}
	}
	out.files = out.files[:0]
	for _, p := range sortedPaths(final) {
		out.files = append(out.files, final[p])
	}
	for i := range out.findings {
		f := &out.findings[i]
		if f.Fix != nil && f.Applied && !accepted[keyOf(*f)] {
			f.Applied = false
		}
	}
	fmt.Fprintf(e.stdout, "sendfix: %d of %d fix(es) accepted\n", len(accepted), len(asks))
	return nil
}

// runKeeping runs the engine again with the run's configuration, keeping
// only the fixes in keep (findings without a fix stay). It returns the
// files that change, by path.
func (e *runEnv) runKeeping(keep map[findingKey]bool) (map[string]*rewrite.FileResult, error) {
	cfg := e.bots.cfg
	cfg.Keep = func(_ string, f rewrite.Finding) bool {
		return f.Fix == nil || keep[keyOf(f)]
	}
	res := map[string]*rewrite.FileResult{}
	err := rewrite.Run(context.Background(), cfg, func(r *rewrite.FileResult) error {
		if r.Changed() {
			res[r.Path] = r
		}
		return nil
	})
	if err != nil {
		return nil, ucli.Exit(err.Error(), exitError)
	}
	return res, nil
}

func unionPaths(a, b map[string]*rewrite.FileResult) []string {
	set := map[string]bool{}
	for p := range a {
		set[p] = true
	}
	for p := range b {
		set[p] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func sortedPaths(m map[string]*rewrite.FileResult) []string {
	out := make([]string, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
