//go:build unix

package rewrite

import (
	"errors"
	"os"
	"syscall"
)

// sameDevice reports whether a and b are on one file system: git's
// discovery stops at a mount point.
func sameDevice(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA != nil || errB != nil {
		return true
	}
	sa, okA := ia.Sys().(*syscall.Stat_t)
	sb, okB := ib.Sys().(*syscall.Stat_t)
	return !okA || !okB || sa.Dev == sb.Dev
}

// openForRead opens a file to read it, without blocking on a FIFO or a
// device (loadFile then refuses it as not a regular file) and without
// following a symlink (see isSymlinkError).
func openForRead(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
}

// isSymlinkError reports whether openForRead failed because name is a
// symlink.
func isSymlinkError(err error) bool { return errors.Is(err, syscall.ELOOP) }
