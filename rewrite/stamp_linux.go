package rewrite

import (
	"os"
	"syscall"
)

// haveFileStamps: this system gives what fileStamp holds.
const haveFileStamps = true

// stampOf returns the stamps of the regular file at path (not following a
// symlink).
func stampOf(path string) (fileStamp, bool) {
	var st syscall.Stat_t
	if syscall.Lstat(path, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return fileStamp{}, false
	}
	return stampFrom(path, &st), true
}

// stampOfInfo returns the stamps in what Stat returned for path.
func stampOfInfo(path string, info os.FileInfo) (fileStamp, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStamp{}, false
	}
	return stampFrom(path, st), true
}

func stampFrom(path string, st *syscall.Stat_t) fileStamp {
	return fileStamp{Disk: path, Dev: uint64(st.Dev), Ino: st.Ino, Size: st.Size,
		Mtime: st.Mtim.Nano(), Ctime: st.Ctim.Nano()}
}
