package typeflow

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sendfix/rewrite"
)

// TestDump prints the analysis of the crate in $TYPEFLOW_DUMP (a debug aid).
func TestDump(t *testing.T) {
	dir := os.Getenv("TYPEFLOW_DUMP")
	if dir == "" {
		t.Skip("set TYPEFLOW_DUMP to a crate directory")
	}
	var files []*rewrite.File
	filepath.Walk(filepath.Join(dir, "src"), func(path string, info os.FileInfo, err error) error {
		if strings.HasSuffix(path, ".rs") {
			src, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			f, _ := rewrite.NewFile(rel, src, "2021")
			files = append(files, f)
		}
		return nil
	})
	p := Analyze(files, nil)
	dumpSpawns(p)
	for _, o := range p.Occurrences() {
		l, why := o.Level()
		line := 1 + strings.Count(string(o.File.Src[:o.Node.Start]), "\n")
		w := ""
		if why != nil {
			wl := 1 + strings.Count(string(why.File.Src[:why.At]), "\n")
			w = fmt.Sprintf("  why=%s %q fn=%q at %s:%d", why.Kind, why.Name, why.Fn, why.File.Path, wl)
		}
		fmt.Printf("%s:%d %-14s %-30q level=%d%s\n", o.File.Path, line, o.Kind, o.Node.Text(o.File.Src), l, w)
	}
}

func init() {
	dumpSpawns = func(p *Package) {
		for _, s := range p.Spawns() {
			line := 1 + strings.Count(string(s.File.Src[:s.Call.Start]), "\n")
			l := s.Arg.Level()
			fmt.Printf("SPAWN %s:%d %s level=%d\n", s.File.Path, line, s.Name, l)
		}
	}
}

var dumpSpawns func(*Package)
