package rewrite_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"sendfix/rewrite"
	"sendfix/transforms"
)

// The engine's benchmarks run over real Rust code: SENDFIX_BENCH_CORPUS
// (a directory), else a sample of Debian's crate sources under
// /usr/share/cargo/registry (apt-get install librust-tokio-dev ...; see
// bench/run.sh). They report MB/s of Rust source and allocations:
//
//	go test -run '^$' -bench . -benchmem ./rewrite/
//
// bench/run.sh compares the whole command with rg and ast-grep.

// benchCrates are async-heavy crates, the code sendfix is for.
var benchCrates = []string{"tokio-1", "tokio-util-", "hyper-0", "h2-", "futures-util-", "async-std-",
	"reqwest-", "tower-0", "async-io-", "smol-", "rustls-0", "regex-1", "clap-3", "syn-1"}

type benchFile struct {
	path string
	src  []byte
}

// benchCorpus returns the corpus directories and their .rs files, read
// once.
func benchCorpus(b *testing.B) ([]string, []benchFile, int64) {
	b.Helper()
	var dirs []string
	if d := os.Getenv("SENDFIX_BENCH_CORPUS"); d != "" {
		dirs = []string{d}
	} else {
		const registry = "/usr/share/cargo/registry"
		entries, err := os.ReadDir(registry)
		if err != nil {
			b.Skipf("no corpus: set SENDFIX_BENCH_CORPUS or apt-get install librust-tokio-dev (%v)", err)
		}
		for _, e := range entries {
			for _, c := range benchCrates {
				if strings.HasPrefix(e.Name(), c) {
					dirs = append(dirs, filepath.Join(registry, e.Name()))
					break
				}
			}
		}
	}
	if len(dirs) == 0 {
		b.Skip("no corpus crates found")
	}
	var files []benchFile
	var total int64
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".rs") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err == nil {
				files = append(files, benchFile{p, src})
				total += int64(len(src))
			}
			return nil
		})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return dirs, files, total
}

// BenchmarkRun is the whole engine as `sendfix check --no-cache` runs it:
// discover, read, prefilter, parse what may hold a finding, analyse.
func BenchmarkRun(b *testing.B) {
	dirs, _, total := benchCorpus(b)
	for _, jobs := range []int{1, 2} {
		b.Run("jobs="+strconv.Itoa(jobs), func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				cfg := rewrite.Config{Paths: dirs, Transforms: transforms.All(), Jobs: jobs, NoCache: true}
				n := 0
				if err := rewrite.Run(context.Background(), cfg, func(r *rewrite.FileResult) error {
					n += len(r.Findings)
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRunCached is a warm run: every parsed file's result comes from
// the cache.
func BenchmarkRunCached(b *testing.B) {
	dirs, _, total := benchCorpus(b)
	cacheDir := b.TempDir()
	cfg := rewrite.Config{Paths: dirs, Transforms: transforms.All(), Jobs: 2, CacheDir: cacheDir}
	emit := func(*rewrite.FileResult) error { return nil }
	if err := rewrite.Run(context.Background(), cfg, emit); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := rewrite.Run(context.Background(), cfg, emit); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFixSource is the in-memory engine over every corpus file
// (bytes per second of all files: the prefilter skips most of them).
func BenchmarkFixSource(b *testing.B) {
	_, files, total := benchCorpus(b)
	passes := transforms.All()
	b.SetBytes(total)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			rewrite.FixSource(f.path, f.src, "2021", false, passes)
		}
	}
}

// BenchmarkFixSourceParsed is the same over only the files the prefilter
// lets through: parse, analyse, fix, re-parse, per MB parsed.
func BenchmarkFixSourceParsed(b *testing.B) {
	_, files, _ := benchCorpus(b)
	passes := transforms.All()
	var parsed []benchFile
	var total int64
	for _, f := range files {
		for _, p := range passes {
			if p.Prefilter == nil || p.Prefilter(f.src) {
				parsed = append(parsed, f)
				total += int64(len(f.src))
				break
			}
		}
	}
	if len(parsed) == 0 {
		b.Skip("no corpus file passes the prefilter")
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, f := range parsed {
			rewrite.FixSource(f.path, f.src, "2021", true, passes)
		}
	}
}

// BenchmarkParse is tree-sitter alone over the whole corpus: what a tool
// that parses every file pays at least.
func BenchmarkParse(b *testing.B) {
	_, files, total := benchCorpus(b)
	b.SetBytes(total)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			rewrite.Parse(f.src).Close()
		}
	}
}
