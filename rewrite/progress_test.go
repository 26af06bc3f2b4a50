package rewrite

import (
	"context"
	"path/filepath"
	"testing"
)

func TestRunReportsProgress(t *testing.T) {
	t.Setenv("SENDFIX_NO_CACHE", "1")
	dir := t.TempDir()
	for _, n := range []string{"a.rs", "b.rs", "c.rs"} {
		write(t, filepath.Join(dir, n), "fn f() { LOCK; }\n")
	}
	var calls [][2]int
	ctx := WithProgress(context.Background(), func(done, total int) { calls = append(calls, [2]int{done, total}) })
	findings := 0
	err := Run(ctx, Config{Paths: []string{dir}, Transforms: []*Transform{markPass("scope-guard")}, Jobs: 2}, func(r *FileResult) error {
		findings += len(r.Findings)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if findings != 3 {
		t.Fatalf("%d findings", findings)
	}
	want := [][2]int{{0, 3}, {1, 3}, {2, 3}, {3, 3}}
	if len(calls) != len(want) {
		t.Fatalf("progress calls %v, want %v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Fatalf("progress calls %v, want %v", calls, want)
		}
	}
}
