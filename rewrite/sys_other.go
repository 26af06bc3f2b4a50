//go:build !unix

package rewrite

import (
	"errors"
	"os"
)

// sameDevice cannot tell file systems apart here: walk on, as git does
// with GIT_DISCOVERY_ACROSS_FILESYSTEM.
func sameDevice(a, b string) bool { return true }

// errSymlink: openForRead does not follow a symlink.
var errSymlink = errors.New("a symlink")

// openForRead opens a file to read it, not following a symlink.
func openForRead(name string) (*os.File, error) {
	if info, err := os.Lstat(name); err == nil && info.Mode()&os.ModeSymlink != 0 {
		return nil, errSymlink
	}
	return os.Open(name)
}

// isSymlinkError reports whether openForRead failed because name is a
// symlink.
func isSymlinkError(err error) bool { return errors.Is(err, errSymlink) }
