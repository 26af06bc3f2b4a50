package rewrite

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The result cache remembers what the engine made of a unit of work (one
// file, or the files of one Cargo package when a package pass runs), so
// that a run over an unchanged repository parses nothing.
//
// An entry's key is a SHA-256 over:
//   - the cache format and the engine's build (a hash of the sendfix
//     executable, so that any change of code is a change of key);
//   - the configuration that can change results: every Config field except
//     those that only choose files or workers (Paths, Exclude, Jobs,
//     MaxFileSize, NoCache, CacheDir), found by reflection so that a field
//     added later is keyed without anyone remembering to; a function field
//     that is set (Keep) makes the run uncacheable, since what it decides
//     cannot be hashed;
//   - each file of the unit: its display path (findings name it, and a pass
//     may look at it), its edition and its bytes; and the package's
//     Cargo.toml when a package pass runs.
//
// A package pass sees every file of the package, so its unit is keyed by
// the whole package's content: one changed file re-runs the package (it
// must: a fact found in that file may change a finding in another), while
// an unchanged package is one cache read. Files that no pass's prefilter
// accepts are neither parsed nor cached: reading them is already cheaper
// than hashing them.
//
// Entries live in os.UserCacheDir()/sendfix/results (or Config.CacheDir),
// one file each: a header line, the SHA-256 of the body, then the body
// (JSON). An entry is written to a temporary file and renamed into place,
// so concurrent runs only ever see whole entries; an entry that does not
// check out is ignored and removed. The directory is kept under
// cacheMaxBytes by removing the least recently used entries.

const cacheFormat = "sendfix-results-1"

// cacheMaxBytes bounds the cache directory (entries are a few KB each).
var cacheMaxBytes int64 = 64 << 20

// cachePruneEvery is how often (at most) a run that wrote entries checks
// the cache's size.
var cachePruneEvery = 10 * time.Minute

type resultCache struct {
	dir          string // .../sendfix/results
	salt         [sha256.Size]byte
	wrote        atomic.Int64 // bytes written this run
	hits, misses atomic.Int64
}

// cacheEntry is what is stored for one unit of work.
type cacheEntry struct {
	Units    []cachedUnit
	Manifest *cachedUnit `json:",omitempty"`
}

type cachedUnit struct {
	Path     string
	New      []byte `json:",omitempty"` // nil: unchanged
	Findings []Finding
	Note     string `json:",omitempty"`
}

// openResultCache returns the run's cache, or nil when the run must not
// use one (--no-cache, a configuration that cannot be keyed, no cache
// directory).
func openResultCache(cfg Config) *resultCache {
	if cfg.NoCache || os.Getenv("SENDFIX_NO_CACHE") != "" {
		return nil
	}
	fp, ok := configFingerprint(cfg)
	if !ok {
		return nil
	}
	build := buildID()
	if build == "" {
		return nil
	}
	dir := cfg.CacheDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "sendfix")
	}
	c := &resultCache{dir: filepath.Join(dir, "results")}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s", cacheFormat, build, fp)
	h.Sum(c.salt[:0])
	return c
}

var buildIDOnce = sync.OnceValue(func() string {
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				return "exe:" + hex.EncodeToString(h.Sum(nil))
			}
		}
	}
	// No readable executable: a released build's version still names its
	// code; a development build does not.
	if bi, ok := debug.ReadBuildInfo(); ok {
		rev, modified := "", true
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return "version:" + v
		}
		if rev != "" && !modified {
			return "rev:" + rev
		}
	}
	return ""
})

// buildID names the code of this sendfix build.
func buildID() string { return buildIDOnce() }

// configFingerprint writes every result-relevant Config field as text. ok
// is false when some field cannot be keyed (a function that is set).
func configFingerprint(cfg Config) (string, bool) {
	v := reflect.ValueOf(cfg)
	t := v.Type()
	var b strings.Builder
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch f.Name {
		case "Paths", "Exclude", "Jobs", "MaxFileSize", "NoCache", "CacheDir":
			continue // which files, how many workers: not what a file's result is
		}
		b.WriteString(f.Name)
		b.WriteByte('=')
		if !fingerprintValue(&b, v.Field(i), 0) {
			return "", false
		}
		b.WriteByte('\n')
	}
	return b.String(), true
}

var transformType = reflect.TypeOf((*Transform)(nil))

func fingerprintValue(b *strings.Builder, v reflect.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	if v.Type() == transformType {
		// A pass is its name: its code is part of the build.
		if v.IsNil() {
			b.WriteString("nil")
		} else {
			b.WriteString(v.Interface().(*Transform).Name)
		}
		return true
	}
	switch v.Kind() {
	case reflect.Func:
		if !v.IsNil() {
			return false
		}
		b.WriteString("nil")
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return true
		}
		return fingerprintValue(b, v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			if !fingerprintValue(b, v.Index(i), depth+1) {
				return false
			}
		}
		b.WriteByte(']')
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		b.WriteByte('{')
		for _, k := range keys {
			if !fingerprintValue(b, k, depth+1) {
				return false
			}
			b.WriteByte(':')
			if !fingerprintValue(b, v.MapIndex(k), depth+1) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte('}')
	case reflect.Struct:
		t := v.Type()
		b.WriteByte('{')
		for i := 0; i < t.NumField(); i++ {
			b.WriteString(t.Field(i).Name)
			b.WriteByte(':')
			if !fingerprintValue(b, v.Field(i), depth+1) {
				return false
			}
			b.WriteByte(',')
		}
		b.WriteByte('}')
	case reflect.String:
		fmt.Fprintf(b, "%q", v.String())
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		fmt.Fprint(b, v)
	default:
		return false // channels, unsafe pointers, complex numbers: not configuration
	}
	return true
}

// key hashes a unit of work's inputs.
func (c *resultCache) key(units []*unit, manifest *unit) string {
	h := sha256.New()
	h.Write(c.salt[:])
	var n [8]byte
	put := func(tag byte, u *unit) {
		h.Write([]byte{tag})
		io.WriteString(h, u.path)
		h.Write([]byte{0})
		io.WriteString(h, u.edition)
		h.Write([]byte{0})
		binary.LittleEndian.PutUint64(n[:], uint64(len(u.src)))
		h.Write(n[:])
		h.Write(u.src)
	}
	for _, u := range units {
		put('F', u)
	}
	if manifest != nil {
		put('M', manifest)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *resultCache) entryPath(key string) string {
	return filepath.Join(c.dir, key[:2], key)
}

// get restores the units' results (cur, findings, note) from the cache. It
// returns the key to store under after a miss ("" without a cache).
func (c *resultCache) get(units []*unit, manifest *unit) (key string, hit bool) {
	if c == nil {
		return "", false
	}
	key = c.key(units, manifest)
	e, ok := c.read(key)
	if !ok || len(e.Units) != len(units) || (e.Manifest != nil) != (manifest != nil) {
		c.misses.Add(1)
		return key, false
	}
	for i, u := range units {
		if e.Units[i].Path != u.path {
			c.misses.Add(1)
			return key, false
		}
	}
	restore := func(u *unit, cu *cachedUnit) {
		u.cur = u.src
		if cu.New != nil {
			u.cur = cu.New
		}
		u.findings = cu.Findings
		u.note = nil
		if cu.Note != "" {
			u.note = errors.New(cu.Note)
		}
	}
	for i, u := range units {
		restore(u, &e.Units[i])
	}
	if manifest != nil {
		restore(manifest, e.Manifest)
	}
	c.hits.Add(1)
	return key, true
}

// read loads and checks one entry; a damaged one is removed.
func (c *resultCache) read(key string) (*cacheEntry, bool) {
	p := c.entryPath(key)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	e, err := decodeEntry(data)
	if err != nil {
		os.Remove(p)
		return nil, false
	}
	// Keep recently used entries: pruning removes the oldest first.
	if info, err := os.Stat(p); err == nil && time.Since(info.ModTime()) > time.Hour {
		now := time.Now()
		os.Chtimes(p, now, now)
	}
	return e, true
}

// put stores the units' results under key. Failing to write is not an
// error: the cache only saves time.
func (c *resultCache) put(key string, units []*unit, manifest *unit) {
	if c == nil || key == "" {
		return
	}
	save := func(u *unit) cachedUnit {
		cu := cachedUnit{Path: u.path, Findings: u.findings}
		if !bytes.Equal(u.cur, u.src) {
			cu.New = u.cur
			if cu.New == nil {
				cu.New = []byte{}
			}
		}
		if u.note != nil {
			cu.Note = u.note.Error()
		}
		return cu
	}
	e := cacheEntry{}
	for _, u := range units {
		e.Units = append(e.Units, save(u))
	}
	if manifest != nil {
		m := save(manifest)
		e.Manifest = &m
	}
	data, err := encodeEntry(&e)
	if err != nil {
		return
	}
	if writeAtomically(c.entryPath(key), data) {
		c.wrote.Add(int64(len(data)))
	}
}

func encodeEntry(e *cacheEntry) ([]byte, error) {
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	return seal(cacheFormat, body), nil
}

var errBadEntry = errors.New("damaged cache entry")

func decodeEntry(data []byte) (*cacheEntry, error) {
	body, ok := unseal(cacheFormat, data)
	if !ok {
		return nil, errBadEntry
	}
	var e cacheEntry
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, errBadEntry
	}
	return &e, nil
}

// seal frames a cache file's body: a format line, the body's SHA-256, the
// body. unseal returns the body of a file sealed with format, if intact.
func seal(format string, body []byte) []byte {
	sum := sha256.Sum256(body)
	var b bytes.Buffer
	b.Grow(len(format) + 2*len(sum) + 2 + len(body))
	b.WriteString(format)
	b.WriteByte('\n')
	b.WriteString(hex.EncodeToString(sum[:]))
	b.WriteByte('\n')
	b.Write(body)
	return b.Bytes()
}

func unseal(format string, data []byte) ([]byte, bool) {
	head, rest, ok := bytes.Cut(data, []byte{'\n'})
	if !ok || string(head) != format {
		return nil, false
	}
	sumHex, body, ok := bytes.Cut(rest, []byte{'\n'})
	if !ok {
		return nil, false
	}
	sum := sha256.Sum256(body)
	return body, hex.EncodeToString(sum[:]) == string(sumHex)
}

// close ends the run's use of the cache: when it wrote entries, and the
// size was not checked recently, old entries go until the cache is under
// its bound.
func (c *resultCache) close() {
	if c == nil || c.wrote.Load() == 0 {
		return
	}
	stamp := filepath.Join(c.dir, ".pruned")
	if info, err := os.Stat(stamp); err == nil && time.Since(info.ModTime()) < cachePruneEvery && c.wrote.Load() < cacheMaxBytes/8 {
		return
	}
	if f, err := os.Create(stamp); err == nil {
		f.Close()
	}
	c.prune(cacheMaxBytes)
}

// prune removes the least recently used entries until the cache holds at
// most three quarters of max (when it holds more than max), and temporary
// files that a killed run left behind.
func (c *resultCache) prune(max int64) {
	type entry struct {
		path string
		size int64
		mod  time.Time
	}
	var entries []entry
	var total int64
	filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			if time.Since(info.ModTime()) > time.Hour {
				os.Remove(p)
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		entries = append(entries, entry{p, info.Size(), info.ModTime()})
		total += info.Size()
		return nil
	})
	if total <= max {
		return
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].mod.Before(entries[j].mod) })
	for _, e := range entries {
		if total <= max*3/4 {
			break
		}
		if os.Remove(e.path) == nil {
			total -= e.size
		}
	}
}
