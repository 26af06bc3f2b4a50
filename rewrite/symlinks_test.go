package rewrite

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSymlinkCacheAgreesWithEvalSymlinks(t *testing.T) {
	base := t.TempDir()
	t.Chdir(base)
	for _, d := range []string{"real/sub", "other"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"real/a.rs", "real/sub/b.rs", "other/c.rs", "top.rs"} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := [][2]string{
		{"real", "dirlink"},            // a directory symlink
		{"../other/c.rs", "real/c.rs"}, // a file symlink
		{"loop2", "loop1"},             // a loop
		{"loop1", "loop2"},
		{"missing", "dangling"},
	}
	for _, l := range links {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	paths := []string{"top.rs", "./top.rs", "real/a.rs", "real/sub/b.rs", "dirlink/a.rs", "dirlink/sub/b.rs",
		"real/c.rs", "dirlink/c.rs", "dirlink/../top.rs", "real/sub/../a.rs", "loop1", "loop1/x.rs",
		"dangling", "nothere.rs", "real/nothere.rs", filepath.Join(base, "dirlink", "a.rs")}
	c := &symlinkCache{}
	for round := 0; round < 2; round++ { // the second time from the cache
		for _, p := range paths {
			want, wantErr := filepath.EvalSymlinks(p)
			got, err := c.eval(p, false)
			if got != want || (err == nil) != (wantErr == nil) {
				t.Errorf("%s: got %q, %v; EvalSymlinks: %q, %v", p, got, err, want, wantErr)
			}
		}
	}
}
