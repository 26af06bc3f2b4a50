package rewrite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"sendfix/rewrite"
	"sendfix/transforms"
)

// TestCacheWithRealTransforms: over every Rust input of the repository,
// a cold cached run, a warm one and an uncached one agree exactly.
func TestCacheWithRealTransforms(t *testing.T) {
	root, err := filepath.Abs("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	render := func(cfg rewrite.Config) string {
		var s strings.Builder
		err := rewrite.Run(context.Background(), cfg, func(r *rewrite.FileResult) error {
			fmt.Fprintf(&s, "%s changed=%v err=%v\n%s\n", r.Path, r.Changed(), r.Err, r.New)
			for _, f := range r.Findings {
				fix := f.Fix
				f.Fix = nil
				fmt.Fprintf(&s, "  %+v", f)
				if fix != nil {
					fmt.Fprintf(&s, " fix=%+v", *fix)
				}
				s.WriteByte('\n')
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return s.String()
	}
	for _, all := range []bool{false, true} {
		cfg := rewrite.Config{Paths: []string{root}, Transforms: transforms.All(), All: all, CacheDir: t.TempDir()}
		uncached := cfg
		uncached.NoCache = true
		want := render(uncached)
		if !strings.Contains(want, "Applied:true") {
			t.Fatalf("no fix applied over %s: not a useful test", root)
		}
		if cold := render(cfg); cold != want {
			t.Errorf("all=%v: cold cached run differs from an uncached one", all)
		}
		if warm := render(cfg); warm != want {
			t.Errorf("all=%v: warm cached run differs from an uncached one:\n%s\n---\n%s", all, want, warm)
		}
	}
}
