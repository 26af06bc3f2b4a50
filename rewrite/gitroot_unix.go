//go:build unix

package rewrite

import (
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
