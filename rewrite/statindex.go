package rewrite

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The stat index lets a run over an unchanged repository skip reading the
// files whose result it already knows, as git's index does: for each group
// of work whose result had nothing to report (no finding, no change, no
// error), it keeps each file's identity and change stamps (device, inode,
// size, modification and status-change times) and edition, and the
// package's Cargo.toml's. When a later run with the same build and
// configuration (the result cache's salt) finds every one of them equal, the
// group's result is known without reading a byte: still nothing to report.
// Anything else (a stamp differs, a file came or went, the group reports
// something) takes the normal path: read, hash, look up, and maybe run.
//
// A file changed within statRacyMargin before the run that recorded it is
// not recorded: a later change in the same clock tick could leave its
// stamps equal (git's "racily clean" entries). The index is one file per
// set of paths a run names, written atomically with a checksum like a
// result entry; a damaged one is ignored.

const statFormat = "sendfix-stat-1"

// statRacyMargin: files whose times are this close to the run's start are
// not recorded.
var statRacyMargin = 2 * time.Second

// fileStamp is what identifies a file's content without reading it.
type fileStamp struct {
	Disk         string
	Edition      string
	Dev, Ino     uint64
	Size         int64
	Mtime, Ctime int64 // nanoseconds
}

// groupStamps are the stamps of a group's files (in order) and manifest.
type groupStamps struct {
	Files    []fileStamp
	Manifest *fileStamp
}

type statIndex struct {
	path  string
	start time.Time

	mu       sync.Mutex
	old      map[string]groupStamps // as read at the start of the run
	next     map[string]groupStamps // still valid, or recorded, in this run
	recorded bool                   // next holds stamps old does not
}

// openStatIndex returns the stat index for a run over paths, or nil when
// the run has no result cache or the system gives no file stamps.
func (c *resultCache) openStatIndex(paths, exclude []string) *statIndex {
	if c == nil || !haveFileStamps {
		return nil
	}
	h := sha256.New()
	h.Write(c.salt[:])
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil
		}
		fmt.Fprintf(h, "P%s\x00", abs)
	}
	for _, e := range exclude {
		fmt.Fprintf(h, "X%s\x00", e)
	}
	key := hex.EncodeToString(h.Sum(nil))
	s := &statIndex{path: filepath.Join(c.dir, "st", key), start: time.Now(), next: map[string]groupStamps{}}
	s.old = readStatIndex(s.path)
	return s
}

func readStatIndex(path string) map[string]groupStamps {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	body, ok := unseal(statFormat, data)
	if !ok {
		os.Remove(path)
		return nil
	}
	var m map[string]groupStamps
	if gob.NewDecoder(bytes.NewReader(body)).Decode(&m) != nil {
		os.Remove(path)
		return nil
	}
	return m
}

// groupID names a group in the index.
func groupID(g group) string {
	if g.manifest != "" {
		return "M" + g.manifest
	}
	var b strings.Builder
	for _, f := range g.files {
		b.WriteString(f.Disk)
		b.WriteByte(0)
	}
	return "F" + b.String()
}

// unchanged reports whether every file of g (and its manifest) carries the
// stamps recorded when g last had nothing to report.
func (s *statIndex) unchanged(g group, editions *editionCache) bool {
	if s == nil {
		return false
	}
	id := groupID(g)
	s.mu.Lock()
	old, ok := s.old[id]
	s.mu.Unlock()
	if !ok || len(old.Files) != len(g.files) || (old.Manifest != nil) != (g.manifest != "") {
		return false
	}
	for i, sf := range g.files {
		st, ok := stampOf(sf.Disk)
		if !ok || sf.Err != nil {
			return false
		}
		st.Edition = editions.forFile(sf.Disk)
		if st != old.Files[i] {
			return false
		}
	}
	if g.manifest != "" {
		st, ok := stampOf(g.manifest)
		if !ok || st != *old.Manifest {
			return false
		}
	}
	s.mu.Lock()
	s.next[id] = old
	s.mu.Unlock()
	return true
}

// record notes that g, loaded as lg, had nothing to report.
func (s *statIndex) record(g group, lg *loadedGroup) {
	if s == nil || lg == nil || len(lg.stamps) != len(g.files) {
		return
	}
	recent := s.start.Add(-statRacyMargin).UnixNano()
	gs := groupStamps{Files: lg.stamps}
	for _, st := range lg.stamps {
		if st.Disk == "" || st.Mtime >= recent || st.Ctime >= recent {
			return
		}
	}
	if g.manifest != "" {
		if lg.manifestResult == nil {
			return
		}
		st := lg.manifestResult.stamp
		if st.Disk == "" || st.Mtime >= recent || st.Ctime >= recent {
			return
		}
		gs.Manifest = &st
	}
	s.mu.Lock()
	s.next[groupID(g)] = gs
	s.recorded = true
	s.mu.Unlock()
}

// save writes the index when it changed: the groups still valid and those
// recorded in this run (a group no longer seen is dropped, one recorded
// again has its new stamps).
func (s *statIndex) save() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Unchanged groups are copied from old as they are: the index changed
	// when a group was recorded afresh or one was not seen again.
	if !s.recorded && len(s.next) == len(s.old) {
		return
	}
	var body bytes.Buffer
	if gob.NewEncoder(&body).Encode(s.next) != nil {
		return
	}
	writeAtomically(s.path, seal(statFormat, body.Bytes()))
}

// writeAtomically writes data to path through a temporary file and a
// rename, so that a concurrent reader sees the old file or the new one.
// Failing is not an error: the caches only save time.
func writeAtomically(path string, data []byte) bool {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return false
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
		return false
	}
	return true
}
