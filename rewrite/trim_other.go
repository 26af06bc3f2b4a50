//go:build !linux

package rewrite

func releaseCMemory() {}
