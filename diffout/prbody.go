package diffout

import (
	"fmt"
	"sort"
	"strings"

	"sendfix/rewrite"
)

// PROptions are what a pull-request description needs beyond the findings.
type PROptions struct {
	// Command is the sendfix command that made the changes ("diff" or
	// "fix"), named in the footer.
	Command string
	// Transforms are the passes that ran: their docs give the "why" of a
	// transform sendfix has no sentence for.
	Transforms []*rewrite.Transform
	// Skipped, when set, tells the fixes a person declined in
	// `fix --interactive`: they are listed apart, not as changes.
	Skipped func(rewrite.Finding) bool
}

// prWhy says, per transform, why its fix and not another.
var prWhy = map[string]string{
	"scope-guard": "the guard is not used after the `.await`, so ending its scope before the await is enough; " +
		"the lock type stays as it is, and `drop(guard)` would not do: rustc still counts a dropped guard as held.",
	"async-mutex": "the guard is still used after the `.await`, so its scope cannot end before it; " +
		"that one mutex becomes `tokio::sync::Mutex` (or `RwLock`), whose guard is `Send`, and its lock sites await.",
	"rc-to-arc": "the value moves into a task that may run on another thread, so it needs `Arc`'s atomic count " +
		"(and `Mutex` in place of `RefCell`); `spawn_local` and `LocalSet` code keeps its `Rc`.",
	"send-bound": "the trait object is held across an `.await` or sent to a task, so its type must promise `Send`; " +
		"adding the bound is the smallest change that says so.",
}

// PRBody returns a one-line title suggestion and a Markdown description
// of a sendfix run for a pull request: a summary table by transform, why
// each transform's fix was chosen, every change with file:line and its
// reason (the finding's message), and what was left for a human. fs are
// all the run's findings (call Sort first); a finding counts as a change
// when its fix is Applied. The body's first line is an HTML comment
// carrying the title, `<!-- title: ... -->`, which GitHub does not show.
func PRBody(fs []rewrite.Finding, opt PROptions) (title, body string) {
	type counts struct{ fixed, skipped, manual int }
	per := map[string]*counts{}
	var changes, skipped, manual []rewrite.Finding
	files := map[string]bool{}
	for _, f := range fs {
		c := per[f.Transform]
		if c == nil {
			c = &counts{}
			per[f.Transform] = c
		}
		switch {
		case opt.Skipped != nil && f.Fix != nil && opt.Skipped(f):
			c.skipped++
			skipped = append(skipped, f)
		case f.Fix != nil && f.Applied:
			c.fixed++
			changes = append(changes, f)
			files[f.Path] = true
			for _, e := range f.Fix.Edits {
				if e.Path != "" {
					files[e.Path] = true
				}
			}
		default:
			c.manual++
			manual = append(manual, f)
		}
	}
	names := make([]string, 0, len(per))
	for n := range per {
		names = append(names, n)
	}
	sort.Strings(names)

	title = prTitle(len(changes), len(files), len(manual))
	var b strings.Builder
	fmt.Fprintf(&b, "<!-- title: %s -->\n", strings.ReplaceAll(title, "--", "- -"))
	b.WriteString("## sendfix: make futures `Send`\n\n")
	b.WriteString("sendfix rewrites code that keeps a non-`Send` value alive across an `.await` in a future that must be `Send` " +
		"(rustc: \"future cannot be sent between threads safely\").")
	if len(changes) > 0 {
		fmt.Fprintf(&b, " This change: %s in %s", plural(len(changes), "fix", "fixes"), plural(len(files), "file", "files"))
	} else {
		b.WriteString(" No code changed")
	}
	if len(skipped) > 0 {
		fmt.Fprintf(&b, "; %s declined in review", plural(len(skipped), "fix", "fixes"))
	}
	if len(manual) > 0 {
		fmt.Fprintf(&b, "; %s left for a human", plural(len(manual), "finding", "findings"))
	}
	b.WriteString(".\n\n")

	if len(names) > 0 {
		if len(skipped) > 0 {
			b.WriteString("| transform | fixed | declined | left for a human |\n|---|---:|---:|---:|\n")
		} else {
			b.WriteString("| transform | fixed | left for a human |\n|---|---:|---:|\n")
		}
		var total counts
		for _, n := range names {
			c := per[n]
			total.fixed += c.fixed
			total.skipped += c.skipped
			total.manual += c.manual
			if len(skipped) > 0 {
				fmt.Fprintf(&b, "| `%s` | %d | %d | %d |\n", n, c.fixed, c.skipped, c.manual)
			} else {
				fmt.Fprintf(&b, "| `%s` | %d | %d |\n", n, c.fixed, c.manual)
			}
		}
		if len(skipped) > 0 {
			fmt.Fprintf(&b, "| **total** | **%d** | **%d** | **%d** |\n\n", total.fixed, total.skipped, total.manual)
		} else {
			fmt.Fprintf(&b, "| **total** | **%d** | **%d** |\n\n", total.fixed, total.manual)
		}
	}

	if len(changes) > 0 {
		b.WriteString("### Why these fixes\n\n")
		for _, n := range names {
			if per[n].fixed == 0 {
				continue
			}
			fmt.Fprintf(&b, "- `%s`: %s\n", n, why(n, opt.Transforms))
		}
		b.WriteString("\n### Changes\n\n")
		for _, f := range changes {
			item(&b, f, "fix: "+f.Fix.Message)
		}
		b.WriteString("\n")
	}
	if len(skipped) > 0 {
		b.WriteString("### Declined in review\n\n")
		for _, f := range skipped {
			item(&b, f, "")
		}
		b.WriteString("\n")
	}
	if len(manual) > 0 {
		b.WriteString("### Left for a human\n\n")
		for _, f := range manual {
			note := ""
			if f.Fix != nil {
				note = "sendfix has a fix for this but did not apply it: its file was not written, or the fix overlapped another; run sendfix again"
			}
			item(&b, f, note)
		}
		b.WriteString("\n")
	}
	if len(fs) == 0 {
		b.WriteString("Nothing to fix.\n\n")
	}
	cmd := opt.Command
	if cmd == "" {
		cmd = "fix"
	}
	fmt.Fprintf(&b, "---\n<sub>Made by `sendfix %s`. Lines are those of the code before this change. "+
		"Silence a finding with `// sendfix:ignore` on its line or the line before.</sub>\n", cmd)
	return title, b.String()
}

// prTitle is the one-line title suggestion.
func prTitle(changes, files, manual int) string {
	switch {
	case changes > 0 && manual > 0:
		return fmt.Sprintf("sendfix: make futures Send (%s in %s, %s left)", plural(changes, "fix", "fixes"), plural(files, "file", "files"), plural(manual, "finding", "findings"))
	case changes > 0:
		return fmt.Sprintf("sendfix: make futures Send (%s in %s)", plural(changes, "fix", "fixes"), plural(files, "file", "files"))
	case manual == 1:
		return "sendfix: no automatic fix; 1 finding needs a manual fix"
	case manual > 0:
		return fmt.Sprintf("sendfix: no automatic fix; %d findings need a manual fix", manual)
	}
	return "sendfix: nothing to fix"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// why returns the reason for a transform's fixes.
func why(name string, ts []*rewrite.Transform) string {
	if s, ok := prWhy[name]; ok {
		return s
	}
	for _, t := range ts {
		if t.Name == name && t.Doc != "" {
			summary, _, _, _ := docParts(t.Doc)
			return mdText(summary) + "."
		}
	}
	return "see `sendfix explain " + name + "`."
}

// item writes one list entry: location, transform, message, and a note.
func item(b *strings.Builder, f rewrite.Finding, note string) {
	msg := strings.TrimRight(f.Message, "\r\n.")
	msg = strings.ReplaceAll(msg, "\r\n", "\n")
	msg = strings.ReplaceAll(mdText(msg), "\n", "\n  ")
	fmt.Fprintf(b, "- `%s:%d` (`%s`): %s.", mdCode(f.Path), f.Line, f.Transform, msg)
	if note != "" {
		fmt.Fprintf(b, " (%s.)", mdText(strings.TrimRight(note, ".")))
	}
	b.WriteString("\n")
}

// mdCode keeps a string inside a code span: backticks cannot appear there.
func mdCode(s string) string { return strings.ReplaceAll(s, "`", "'") }

// mdText escapes Markdown (and HTML) outside the message's `code spans`,
// which are kept as they are: a message naming Box<dyn Error> or a
// pattern with * must not turn into a tag or emphasis.
func mdText(s string) string {
	balanced := strings.Count(s, "`")%2 == 0
	var b strings.Builder
	inCode := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '`' {
			if !balanced {
				b.WriteString("\\`")
				continue
			}
			inCode = !inCode
			b.WriteByte(c)
			continue
		}
		if !inCode {
			switch c {
			case '<':
				b.WriteString("&lt;")
				continue
			case '>':
				b.WriteString("&gt;")
				continue
			case '\\', '*', '_', '[', ']', '|':
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
