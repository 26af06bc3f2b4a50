package rewrite

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// DirtyFiles returns the files among rs that git reports as modified,
// added, untracked or ignored: writing them could mix sendfix's edits with work that
// is not committed yet. A file outside any git work tree is reported too:
// nothing could restore it.
func DirtyFiles(rs []*FileResult) ([]string, error) {
	roots := &gitRoots{cache: map[string]string{}}
	var dirty []string
	for _, r := range rs {
		dir := filepath.Dir(r.Disk)
		root := roots.topLevel(dir)
		if root == "" {
			dirty = append(dirty, r.Path+" (not in a git work tree)")
			continue
		}
		// --ignored: an ignored file has no committed version either;
		// :(literal): a name like x[1].rs is not a glob.
		out, err := exec.Command("git", "-C", dir, "status", "--porcelain", "-z", "--ignored", "--", ":(literal)"+filepath.Base(r.Disk)).Output()
		if err != nil {
			return nil, fmt.Errorf("%s: git status: %w", r.Path, err)
		}
		if len(bytes.TrimSpace(out)) > 0 {
			dirty = append(dirty, r.Path)
		}
	}
	return dirty, nil
}

// WriteFile replaces r's file with r.New atomically: the new text goes to a
// temporary file in the same directory (same file system), is synced, given
// the original mode, and renamed over the original. If the file changed
// since it was read, nothing is written.
func WriteFile(r *FileResult) error {
	if !r.Changed() {
		return nil
	}
	current, err := os.ReadFile(r.Disk)
	if err != nil {
		return fmt.Errorf("%s: re-reading before write: %w", r.Path, unwrapPathError(err))
	}
	if !bytes.Equal(current, r.Old) {
		return fmt.Errorf("%s: changed on disk while sendfix ran; not overwritten", r.Path)
	}
	if r.Mode.Perm()&0o200 == 0 {
		return fmt.Errorf("%s: file is read-only; not written", r.Path)
	}
	// Root may write into a directory whose mode says read-only; sendfix
	// treats it as read-only all the same, like a read-only file.
	if info, err := os.Stat(filepath.Dir(r.Disk)); err == nil && info.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("%s: directory is read-only; not written", r.Path)
	}
	if countErrors(r.New) > countErrors(r.Old) {
		return fmt.Errorf("%s: internal error: the new text does not parse; not written", r.Path)
	}
	dir, base := filepath.Split(r.Disk)
	tmp, err := os.CreateTemp(dir, "."+base+".sendfix-*")
	if err != nil {
		return fmt.Errorf("%s: creating temporary file: %w", r.Path, unwrapPathError(err))
	}
	tmpName := tmp.Name()
	fail := func(step string, err error) error {
		tmp.Close()
		os.Remove(tmpName)
		return fmt.Errorf("%s: %s: %w", r.Path, step, unwrapPathError(err))
	}
	if _, err := tmp.Write(r.New); err != nil {
		return fail("writing", err)
	}
	if err := tmp.Sync(); err != nil {
		return fail("syncing", err)
	}
	if err := tmp.Chmod(r.Mode.Perm()); err != nil {
		return fail("keeping the file mode", err)
	}
	if err := tmp.Close(); err != nil {
		return fail("closing", err)
	}
	if err := os.Rename(tmpName, r.Disk); err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("%s: replacing the file: %w", r.Path, unwrapPathError(err))
	}
	return nil
}

func countErrors(src []byte) int {
	tree := Parse(src)
	defer tree.Close()
	return len(syntaxErrors(tree, src))
}
