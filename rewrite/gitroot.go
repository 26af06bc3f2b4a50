package rewrite

import (
	"os"
	"path/filepath"
	"strings"
)

// gitDiscovery answers "which git work tree holds this directory?" as git
// does, without running git once per directory (a monorepo or a registry
// has thousands of them, and each git process costs milliseconds): it walks
// up to the nearest `.git` entry itself, and asks git only once per such
// entry. It follows git's discovery rules: a file-system boundary stops the
// walk (unless GIT_DISCOVERY_ACROSS_FILESYSTEM), as do the directories in
// GIT_CEILING_DIRECTORIES; with GIT_DIR or GIT_WORK_TREE set git is asked
// every time.
type gitDiscovery struct {
	holder map[string]string // physical dir → nearest ancestor-or-self holding .git ("" none)
	answer map[string]string // such a holder → git's --show-toplevel asked from below it
	links  symlinkCache      // resolves the directories asked about
}

// topLevel returns the work tree root holding dir, or "". ask runs git
// from a directory and returns its answer.
func (d *gitDiscovery) topLevel(dir string, ask func(dir string) string) string {
	if os.Getenv("GIT_DIR") != "" || os.Getenv("GIT_WORK_TREE") != "" {
		return ask(dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ask(dir)
	}
	// git walks the physical path (getcwd), not the one named.
	if resolved, err := d.links.dir(abs); err == nil {
		abs = resolved
	}
	if d.holder == nil {
		d.holder, d.answer = map[string]string{}, map[string]string{}
	}
	h := d.nearestGit(abs, os.Getenv("GIT_DISCOVERY_ACROSS_FILESYSTEM") != "")
	if h == "" || ceilingBetween(abs, h, os.Getenv("GIT_CEILING_DIRECTORIES")) {
		return ""
	}
	if a, ok := d.answer[h]; ok {
		return a
	}
	a := ask(abs)
	d.answer[h] = a
	return a
}

// nearestGit returns dir or its nearest ancestor holding a .git entry (a
// directory, or a file for worktrees and submodules), or "".
func (d *gitDiscovery) nearestGit(dir string, acrossFS bool) string {
	if h, ok := d.holder[dir]; ok {
		return h
	}
	h := ""
	if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
		h = dir
	} else if parent := filepath.Dir(dir); parent != dir && (acrossFS || sameDevice(dir, parent)) {
		h = d.nearestGit(parent, acrossFS)
	}
	d.holder[dir] = h
	return h
}

// ceilingBetween reports whether git, starting in dir, would stop before
// reaching holder: a ceiling directory that is a proper ancestor of dir
// keeps git strictly below it.
func ceilingBetween(dir, holder, ceilings string) bool {
	if ceilings == "" {
		return false
	}
	for _, c := range filepath.SplitList(ceilings) {
		if c == "" || !filepath.IsAbs(c) {
			continue
		}
		for _, cand := range ceilingForms(c) {
			if properAncestor(cand, dir) && !properAncestor(cand, holder) {
				return true
			}
		}
	}
	return false
}

// ceilingForms is the ceiling as written and with symlinks resolved (git
// compares against both, depending on how it was given).
func ceilingForms(c string) []string {
	c = filepath.Clean(c)
	out := []string{c}
	if r, err := filepath.EvalSymlinks(c); err == nil && r != c {
		out = append(out, r)
	}
	return out
}

// properAncestor reports whether a is a strict ancestor of p (both clean
// and absolute).
func properAncestor(a, p string) bool {
	if a == p {
		return false
	}
	if a == string(filepath.Separator) {
		return strings.HasPrefix(p, a)
	}
	return strings.HasPrefix(p, a+string(filepath.Separator))
}
