package rewrite

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// SourceFile is one file to process.
type SourceFile struct {
	Rel  string // repository-relative (or working-directory-relative), slash-separated
	Disk string // path on disk, symlinks resolved
	Err  error  // a directory that could not be read: reported, not processed
	// listed: found by listing a directory, not named by the user. If it
	// turns out to be a symlink, not a regular file, or gone, it is
	// skipped, not reported.
	listed bool
}

// Discover lists the Rust files under paths. Directories are walked for
// *.rs files: inside a git work tree git's own answer decides what is
// ignored; elsewhere .gitignore files are read. target/ is skipped and no
// symlink is followed. Files named explicitly are always included.
func Discover(paths []string, exclude []string) ([]SourceFile, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("working directory: %w", err)
	}
	roots := &gitRoots{cache: map[string]string{}}
	seen := map[string]bool{}
	links := &roots.disc.links // the files' directories and git discovery's: each resolved once
	var out []SourceFile
	add := func(disk string, explicit bool) error {
		resolved, err := links.eval(disk, !explicit)
		if err != nil {
			return fmt.Errorf("%s: %w", disk, unwrapPathError(err))
		}
		abs := resolved // filepath.Abs, without its os.Getwd (two stat calls) per file
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, abs)
		}
		if seen[abs] {
			return nil
		}
		// A symlink is named by its target, unless the target lies outside
		// the tree: then by the link, so the diff still applies there.
		rel := displayPath(abs, cwd, roots)
		if filepath.IsAbs(filepath.FromSlash(rel)) || strings.HasPrefix(rel, "../") {
			if shown, err := filepath.Abs(disk); err == nil {
				rel = displayPath(shown, cwd, roots)
			}
		}
		if !explicit && excluded(rel, exclude) {
			return nil
		}
		seen[abs] = true
		out = append(out, SourceFile{Rel: rel, Disk: abs, listed: !explicit})
		return nil
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		if !info.IsDir() {
			if err := add(p, true); err != nil {
				return nil, err
			}
			continue
		}
		files, problems, err := listDir(p, roots)
		if err != nil {
			return nil, err
		}
		for _, pr := range problems {
			out = append(out, SourceFile{Rel: displayPath(pr.dir, cwd, roots), Err: pr.err})
		}
		for _, f := range files {
			if err := add(f, false); err != nil {
				return nil, err
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rel < out[j].Rel })
	return out, nil
}

// displayPath names abs relative to its git work tree (so diffs apply with
// `git apply` from the root), else relative to the working directory.
func displayPath(abs, cwd string, roots *gitRoots) string {
	if root := roots.topLevel(filepath.Dir(abs)); root != "" {
		if rel, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	if rel, err := filepath.Rel(cwd, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// problem is a directory that could not be read.
type problem struct {
	dir string // absolute
	err error
}

// listDir returns the *.rs files under dir that are not ignored, and the
// directories that could not be read. A symlink named as the directory is
// followed (the user asked for it); symlinks inside are not.
func listDir(dir string, roots *gitRoots) ([]string, []problem, error) {
	if info, err := os.Lstat(dir); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		resolved, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", dir, unwrapPathError(err))
		}
		files, problems, err := listDir(resolved, roots)
		for i, f := range files {
			if rel, err := filepath.Rel(resolved, f); err == nil {
				files[i] = filepath.Join(dir, rel)
			}
		}
		return files, problems, err
	}
	if roots.topLevel(dir) != "" {
		return gitListDir(dir)
	}
	return walkDir(dir)
}

func gitListDir(dir string) ([]string, []problem, error) {
	cmd := exec.Command("git", "-C", dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ".")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: git ls-files: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	var problems []problem
	for _, line := range strings.Split(stderr.String(), "\n") {
		// warning: could not open directory 'sub/': Permission denied
		if rest, ok := strings.CutPrefix(line, "warning: could not open directory '"); ok {
			name, why, _ := strings.Cut(rest, "': ")
			abs, _ := filepath.Abs(filepath.Join(dir, name))
			problems = append(problems, problem{abs, fmt.Errorf("cannot read directory: %s", why)})
		}
	}
	var files []string
	for _, name := range strings.Split(string(outb), "\x00") {
		if !strings.HasSuffix(name, ".rs") || inTargetDir(name) {
			continue
		}
		// A symlink, or a file deleted from the work tree, is skipped when
		// it is read (loadFile): no lstat per file here.
		files = append(files, filepath.Join(dir, filepath.FromSlash(name)))
	}
	return files, problems, nil
}

func inTargetDir(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if part == "target" {
			return true
		}
	}
	return false
}

// walkDir walks dir outside git, honouring .gitignore files.
func walkDir(dir string) ([]string, []problem, error) {
	var files []string
	var problems []problem
	var stack []ignoreFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			// An unreadable subdirectory: report it, keep going.
			abs, _ := filepath.Abs(p)
			problems = append(problems, problem{abs, fmt.Errorf("cannot read directory: %w", unwrapPathError(err))})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		for len(stack) > 0 && !within(p, stack[len(stack)-1].dir) {
			stack = stack[:len(stack)-1]
		}
		if p != dir && ignored(stack, p, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if p != dir && (name == "target" || name == ".git") {
				return filepath.SkipDir
			}
			if ig, ok := readIgnoreFile(p); ok {
				stack = append(stack, ig)
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 || !d.Type().IsRegular() {
			return nil
		}
		if strings.HasSuffix(p, ".rs") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", dir, unwrapPathError(err))
	}
	return files, problems, nil
}

func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

type ignoreRule struct {
	pattern  string
	negate   bool
	dirOnly  bool
	anchored bool
}

type ignoreFile struct {
	dir   string
	rules []ignoreRule
}

func readIgnoreFile(dir string) (ignoreFile, bool) {
	f, err := os.Open(filepath.Join(dir, ".gitignore"))
	if err != nil {
		return ignoreFile{}, false
	}
	defer f.Close()
	ig := ignoreFile{dir: dir}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var r ignoreRule
		if strings.HasPrefix(line, "!") {
			r.negate, line = true, line[1:]
		}
		if strings.HasSuffix(line, "/") {
			r.dirOnly, line = true, strings.TrimSuffix(line, "/")
		}
		if strings.Contains(line, "/") {
			r.anchored, line = true, strings.TrimPrefix(line, "/")
		}
		r.pattern = line
		ig.rules = append(ig.rules, r)
	}
	return ig, true
}

// ignored applies the rules of every enclosing .gitignore, deeper files
// and later lines winning, as git does.
func ignored(stack []ignoreFile, p string, isDir bool) bool {
	result := false
	for _, ig := range stack {
		rel, err := filepath.Rel(ig.dir, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		rel = filepath.ToSlash(rel)
		for _, r := range ig.rules {
			if r.dirOnly && !isDir {
				continue
			}
			var hit bool
			if r.anchored {
				hit = matchGlob(r.pattern, rel)
			} else {
				hit = matchGlob(r.pattern, path.Base(rel))
			}
			if hit {
				result = !r.negate
			}
		}
	}
	return result
}

// excluded reports whether rel matches an --exclude pattern. A pattern
// without a slash matches any path component; `**` matches any number of
// directories.
func excluded(rel string, patterns []string) bool {
	for _, pat := range patterns {
		pat = strings.TrimSuffix(filepath.ToSlash(pat), "/")
		if strings.Contains(pat, "/") {
			if matchGlob(strings.TrimPrefix(pat, "./"), rel) || matchGlob(pat+"/**", rel) {
				return true
			}
			continue
		}
		for _, part := range strings.Split(rel, "/") {
			if matchGlob(pat, part) {
				return true
			}
		}
	}
	return false
}

// matchGlob matches a slash-separated glob (with `**` for any number of
// path segments) against a slash-separated name.
func matchGlob(pattern, name string) bool {
	return matchSegments(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// gitRoots caches, per directory, the root of the git work tree holding it.
type gitRoots struct {
	cache map[string]string
	disc  gitDiscovery // runs git once per repository, not once per directory
}

// topLevel returns the root of the git work tree holding dir, or "".
func (g *gitRoots) topLevel(dir string) string {
	if root, ok := g.cache[dir]; ok {
		return root
	}
	root := g.disc.topLevel(dir, askGitTopLevel)
	g.cache[dir] = root
	return root
}

// askGitTopLevel runs git in dir for the root of its work tree, or "".
func askGitTopLevel(dir string) string {
	root := ""
	if out, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output(); err == nil {
		root = strings.TrimSpace(string(out))
		if resolved, err := filepath.EvalSymlinks(root); err == nil {
			root = resolved
		}
	}
	return root
}

// DisplayPath names a file the way findings and diffs do: relative to its
// git work tree, else to the working directory.
func DisplayPath(abs string) string {
	cwd, err := os.Getwd()
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return displayPath(abs, cwd, &gitRoots{cache: map[string]string{}})
}
