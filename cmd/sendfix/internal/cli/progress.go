package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	ucli "github.com/urfave/cli/v2"
	"golang.org/x/term"

	"sendfix/rewrite"
)

// isTerminal reports whether r or w is a terminal (not a pipe, a file or
// /dev/null, which is a character device too).
func isTerminal(x any) bool {
	f, ok := x.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressEvery is the shortest time between two redraws of the bar.
const progressEvery = 100 * time.Millisecond

// progressWidth is the number of cells of the bar itself.
const progressWidth = 24

// progressBar draws "sendfix [=====>    ] 120/400 files, 7 findings" on one
// line of stderr, redrawn in place, and erases it when the run is done.
type progressBar struct {
	mu       sync.Mutex
	w        io.Writer // the terminal
	findings func() int
	last     time.Time
	shown    bool // the line holds the bar now
	finished bool
	done     int
	total    int
}

// startProgress shows a progress bar on stderr for the run about to
// start, when stderr is a terminal and not --quiet: the engine reports
// through the command's context; other writes to stderr erase the bar
// first, so that a message never lands in the middle of it.
func (e *runEnv) startProgress(c *ucli.Context, cfg *rewrite.Config) {
	if c.Bool("quiet") || !isTerminal(e.stderr) || os.Getenv("TERM") == "dumb" {
		return
	}
	if hasFlag(c, "interactive") && c.Bool("interactive") {
		// The bar would mix with the questions; the first run is quick.
		return
	}
	bar := &progressBar{w: e.stderr, findings: func() int {
		if e.bots.last == nil {
			return 0
		}
		return len(e.bots.last.findings)
	}}
	e.bots.bar = bar
	e.stderr = &barWriter{bar: bar}
	ctx := c.Context
	if ctx == nil {
		ctx = context.Background()
	}
	c.Context = rewrite.WithProgress(ctx, bar.update)
}

// update is the engine's progress callback.
func (p *progressBar) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished || total == 0 {
		return
	}
	p.done, p.total = done, total
	now := time.Now()
	final := done >= total
	if !final && p.shown && now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	p.draw()
	if final {
		p.erase()
		p.finished = true
	}
}

// finish erases the bar for good.
func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.erase()
	p.finished = true
}

func (p *progressBar) draw() {
	filled := progressWidth * p.done / p.total
	bar := strings.Repeat("=", filled)
	if filled < progressWidth {
		bar += ">" + strings.Repeat(" ", progressWidth-filled-1)
	}
	findings := p.findings()
	noun := "findings"
	if findings == 1 {
		noun = "finding"
	}
	fmt.Fprintf(p.w, "\r\x1b[Ksendfix [%s] %d/%d files, %d %s", bar, p.done, p.total, findings, noun)
	p.shown = true
}

func (p *progressBar) erase() {
	if p.shown {
		io.WriteString(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// barWriter is stderr while a bar may be on it: each write erases the bar
// first; the next update draws it again below.
type barWriter struct{ bar *progressBar }

func (b *barWriter) Write(s []byte) (int, error) {
	b.bar.mu.Lock()
	defer b.bar.mu.Unlock()
	b.bar.erase()
	return b.bar.w.Write(s)
}
