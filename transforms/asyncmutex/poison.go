package asyncmutex

import (
	"sort"
	"strings"

	"sendfix/rewrite"
)

// poisonNames are std::sync's names for lock poisoning, which tokio's locks
// do not have: a switched lock site no longer needs them.
var poisonNames = map[string]bool{"PoisonError": true, "TryLockError": true, "LockResult": true, "TryLockResult": true}

// poisonImportsLeft returns, by file, the std::sync poisoning names the
// file imports and names only inside the text the edits replace (an
// `unwrap_or_else(PoisonError::into_inner)` that became `.await`): after
// the switch, their imports would be unused. An import that was unused
// before stays: it is not sendfix's to remove.
func poisonImportsLeft(c *class, edits []rewrite.Edit) map[*file][]*importLeaf {
	out := map[*file][]*importLeaf{}
	seen := map[*file]bool{}
	for _, s := range c.sites {
		fl := s.file
		if seen[fl] {
			continue
		}
		seen[fl] = true
		for _, l := range fl.imports {
			if l.glob || l.local == "" || !strings.HasPrefix(l.path, "std::sync::") || !poisonNames[lastSeg(l.path)] {
				continue
			}
			refs := refsTo(fl, l.local)
			if len(refs) == 0 {
				continue
			}
			gone := true
			for _, r := range refs {
				covered := false
				for _, e := range edits {
					if e.Path == fl.path && e.Start <= r.Start && r.End <= e.End && !strings.Contains(e.New, l.local) {
						covered = true
						break
					}
				}
				if !covered {
					gone = false
					break
				}
			}
			if gone {
				out[fl] = append(out[fl], l)
			}
		}
	}
	return out
}

// removeUnused removes the imports of unused that the lock's own import
// edits did not already take out (they share its use list) and whose
// removal overlaps no other edit.
func removeUnused(unused map[*file][]*importLeaf, edits []rewrite.Edit) []rewrite.Edit {
	var files []*file
	for fl := range unused {
		files = append(files, fl)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	var out []rewrite.Edit
	for _, fl := range files {
		leaves := unused[fl]
		for i, l := range leaves {
			es := removeLeaf(fl, l, "", leaves[i+1:])
			// Not taken out already (the leaf itself is inside an edit),
			// and no overlap with the fix's other edits.
			probe := rewrite.Edit{Path: fl.path, Start: l.node.Start, End: l.node.End}
			clash := false
			for _, others := range [][]rewrite.Edit{edits, out} {
				for _, o := range others {
					if o.Path != fl.path {
						continue
					}
					if overlap(probe, o) {
						clash = true
					}
					for _, e := range es {
						clash = clash || overlap(e, o)
					}
				}
			}
			if !clash {
				out = append(out, es...)
			}
		}
	}
	return out
}
