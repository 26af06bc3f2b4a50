package rewrite

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// symlinkCache is filepath.EvalSymlinks for many files of few directories:
// EvalSymlinks checks every component of a path (a dozen lstat calls per
// file); this resolves each directory once and checks only the file's own
// name. The answer, and the error for a path that does not exist, are
// EvalSymlinks's.
type symlinkCache struct {
	dirs map[string]string
}

// listed says a directory listing just reported p as a regular file, not a
// symlink: then p's own name is not checked again.
func (c *symlinkCache) eval(p string, listed bool) (string, error) {
	if hasDotDot(p) {
		return filepath.EvalSymlinks(p) // `link/..` must resolve link first
	}
	if !listed {
		info, err := os.Lstat(p)
		if err != nil || info.Mode()&fs.ModeSymlink != 0 {
			return filepath.EvalSymlinks(p)
		}
	}
	rd, err := c.dir(filepath.Dir(p))
	if err != nil {
		return filepath.EvalSymlinks(p)
	}
	return filepath.Join(rd, filepath.Base(p)), nil
}

// dir is EvalSymlinks for a directory, built from its parent's answer: one
// lstat per directory of the run instead of one per component per call.
func (c *symlinkCache) dir(d string) (string, error) {
	if r, ok := c.dirs[d]; ok {
		return r, nil
	}
	parent := filepath.Dir(d)
	var r string
	var err error
	if parent == d || hasDotDot(d) {
		r, err = filepath.EvalSymlinks(d)
	} else if info, lerr := os.Lstat(d); lerr != nil || info.Mode()&fs.ModeSymlink != 0 {
		r, err = filepath.EvalSymlinks(d)
	} else if rp, perr := c.dir(parent); perr != nil {
		r, err = filepath.EvalSymlinks(d)
	} else {
		r = filepath.Join(rp, filepath.Base(d))
	}
	if err != nil {
		return "", err
	}
	if c.dirs == nil {
		c.dirs = map[string]string{}
	}
	c.dirs[d] = r
	return r, nil
}

func hasDotDot(p string) bool {
	for _, part := range strings.Split(filepath.ToSlash(p), "/") {
		if part == ".." {
			return true
		}
	}
	return false
}
