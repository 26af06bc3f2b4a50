//go:build !linux

package rewrite

import "os"

// haveFileStamps: elsewhere the stat index is not used (see statindex.go).
const haveFileStamps = false

func stampOf(string) (fileStamp, bool) { return fileStamp{}, false }

func stampOfInfo(string, os.FileInfo) (fileStamp, bool) { return fileStamp{}, false }
