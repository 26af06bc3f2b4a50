package typeflow

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"sendfix/rewrite"
)

// TestProfileDir analyzes every .rs file under each directory of
// $TYPEFLOW_PROF (a colon-separated list; a trailing /* takes every
// subdirectory) as one package, and prints the slow ones (a debug aid for
// performance).
func TestProfileDir(t *testing.T) {
	env := os.Getenv("TYPEFLOW_PROF")
	if env == "" {
		t.Skip("set TYPEFLOW_PROF")
	}
	var dirs []string
	for _, d := range strings.Split(env, ":") {
		if strings.HasSuffix(d, "/*") {
			m, _ := filepath.Glob(d)
			sort.Strings(m)
			dirs = append(dirs, m...)
		} else {
			dirs = append(dirs, d)
		}
	}
	for _, dir := range dirs {
		var files []*rewrite.File
		filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
			if err == nil && strings.HasSuffix(path, ".rs") && info.Size() < 1<<20 {
				src, _ := os.ReadFile(path)
				f, _ := rewrite.NewFile(path, src, "2021")
				files = append(files, f)
			}
			return nil
		})
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				fmt.Printf("SLOW %s still running\n", dir)
			}
		}()
		start := time.Now()
		p := Analyze(files, nil)
		close(done)
		if d := time.Since(start); d > 500*time.Millisecond {
			fmt.Printf("%s: %d files, %d occurrences, %d terms, %v\n", dir, len(files), len(p.occList), p.g.next, d)
		}
		for _, f := range files {
			f.Close()
		}
	}
}
