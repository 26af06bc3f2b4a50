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

func (c *symlinkCache) eval(p string) (string, error) {
	if hasDotDot(p) {
		return filepath.EvalSymlinks(p) // `link/..` must resolve link first
	}
	info, err := os.Lstat(p)
	if err != nil || info.Mode()&fs.ModeSymlink != 0 {
		return filepath.EvalSymlinks(p)
	}
	dir := filepath.Dir(p)
	rd, ok := c.dirs[dir]
	if !ok {
		if rd, err = filepath.EvalSymlinks(dir); err != nil {
			return filepath.EvalSymlinks(p)
		}
		if c.dirs == nil {
			c.dirs = map[string]string{}
		}
		c.dirs[dir] = rd
	}
	return filepath.Join(rd, filepath.Base(p)), nil
}

func hasDotDot(p string) bool {
	for _, part := range strings.Split(filepath.ToSlash(p), "/") {
		if part == ".." {
			return true
		}
	}
	return false
}
