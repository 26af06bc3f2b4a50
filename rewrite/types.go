// Package rewrite is sendfix's engine: it finds Rust files, parses them with
// tree-sitter, runs the transforms over them, merges their edits, re-parses
// the result and either reports it or writes it back atomically.
package rewrite

import (
	"fmt"
	ts "github.com/tree-sitter/go-tree-sitter"
)

// Edit replaces Src[Start:End] of a file with New. Path names the file
// when a fix spans several files of a package; "" means the finding's own.
type Edit struct {
	Path       string
	Start, End int
	New        string
}

// Fix is one self-contained suggested change: all its edits apply, or none.
type Fix struct {
	Message string
	Edits   []Edit
}

// Finding is one problem a transform found. Fix is nil when the problem
// needs a manual fix (Message then says why).
type Finding struct {
	Transform string
	Path      string // filled by the engine
	Start     int    // byte range of the reported node
	End       int
	Line, Col int // 1-based, filled by the engine from Start
	// Message may name other places as "line {ref}": the engine replaces
	// {ref} with the line of byte offset Ref in the file as the user has it,
	// since a transform in a later round sees already-edited text.
	Message string
	Ref     int
	Fix     *Fix
	// Applied is set by the engine when Fix is part of the new text.
	Applied bool
}

// Transform is one pass, modelled on golang.org/x/tools/go/analysis:
// a name used on the command line, a doc shown by `sendfix explain`, and
// a Run that reports findings carrying byte-range edits.
type Transform struct {
	Name string
	Doc  string
	// Prefilter, when set, is a cheap byte test run before parsing: a file
	// for which it returns false cannot contain a finding of this pass.
	// For a package pass, such a file can neither hold a finding nor
	// matter to one in another file (a declaration, a lock site): it is not
	// given to the pass in Package.Files, nor parsed for it, and a package
	// none of whose files pass is skipped. Most files of a repository fail
	// every prefilter and are never parsed: keep it cheap and sound.
	Prefilter func(src []byte) bool
	// Gate, for a package pass, is a cheap test on the text of all the
	// package's files: when it is false the pass cannot find anything in
	// the package, does not run on it, and no file is parsed for it. (A
	// package pass whose facts may sit in any file has no Prefilter; its
	// Gate still keeps a package with nothing for it unparsed.)
	Gate func(srcs [][]byte) bool
	// Run is a per-file pass. RunPackage, for passes that need cross-file
	// facts (a mutex declared in one module and locked in another), sees
	// every file of one Cargo package at once; its findings name their
	// file in Path, and a fix's edits may name other files. A transform
	// sets one of the two.
	Run        func(*File) []Finding
	RunPackage func(*Package) []Finding
}

// Package is the files of one Cargo package, as a package pass sees them.
type Package struct {
	Files    []*File
	Manifest *Manifest // nil when the files belong to no Cargo package
	All      bool
	Analysis *Analysis // per-run extensions of the Send analysis; nil: none
	Strategy string    // Config.Strategy

	// memo holds what passes share about these files in one round (see
	// Memo); nil: nothing is shared.
	memo map[string]any
}

// Memo returns the value stored under key for the package's files in this
// round, building it first if needed: passes that run the same analysis
// (rc-to-arc and send-bound both infer the package's types) run it once.
// The value must not be changed by its users.
func (p *Package) Memo(key string, build func() any) any {
	if p.memo == nil {
		return build()
	}
	key = fmt.Sprintf("%s/%d", key, len(p.Files))
	if v, ok := p.memo[key]; ok {
		return v
	}
	v := build()
	p.memo[key] = v
	return v
}

// Manifest is a package's Cargo.toml: passes may edit it (a tokio
// feature), never parse it as Rust.
type Manifest struct {
	Path string
	Src  []byte
}

// File is what a transform sees: one parsed Rust source file.
type File struct {
	Path    string
	Src     []byte
	Tree    *ts.Tree
	Edition string // "2015", "2018", "2021" or "2024"
	// All includes futures that need not be Send (#[tokio::main] bodies,
	// spawn_local, ...): the lock is still a deadlock hazard there.
	All bool
	// Analysis extends the Send analysis for this run (sendfix.toml); nil: none.
	Analysis *Analysis
	// Strategy is Config.Strategy: "async-mutex" asks scope-guard to leave
	// lock guards to async-mutex.
	Strategy string
	// Peers are the files of this file's unit (a Cargo package) in the
	// same round, this one included; nil for a unit of one file. A per-file
	// pass may read them for cross-file facts (who calls an async fn),
	// never edit them. Those no pass wanted are not parsed (Parsed).
	Peers []*File
	// passes are the names of the transforms of this run.
	passes map[string]bool
	// textOnly: a peer no pass wanted, not parsed (see Parsed).
	textOnly bool

	// flat is Tree flattened when the engine closed Tree early (see
	// TakeFlat); memo holds what passes share about the file (see Memo).
	flat []FlatNode
	memo map[string]any
}

// Parsed reports whether the file has a tree (or its flattened form): a
// peer no pass wanted has only its text.
func (f *File) Parsed() bool { return !f.textOnly }

// Memo returns the value stored under key for this file, building it first
// if needed: the passes of a run share one Go mirror of each tree instead
// of building one each. Its users must not change it (rustast.Build says
// which change its order of passes allows).
func (f *File) Memo(key string, build func() any) any {
	if v, ok := f.memo[key]; ok {
		return v
	}
	v := build()
	if f.memo == nil {
		f.memo = map[string]any{}
	}
	f.memo[key] = v
	return v
}

// TakeFlat returns the file's tree as Flatten lists it and forgets that
// list: the one caller (rustast.Build, through Memo) mirrors it once. The
// engine flattens each tree as it parses it and closes the C tree at once,
// so that a package's trees are not all held twice, in C and in Go, while
// its passes run.
func (f *File) TakeFlat() []FlatNode {
	if flat := f.flat; flat != nil {
		f.flat = nil
		return flat
	}
	if f.Tree == nil {
		return nil
	}
	return Flatten(f.Tree)
}

// releaseTree flattens the tree for TakeFlat and closes it.
func (f *File) releaseTree() {
	if f.Tree != nil {
		f.flat = Flatten(f.Tree)
		f.Tree.Close()
		f.Tree = nil
	}
}

// Enabled reports whether the transform name runs in this run too, so a
// pass can leave to another what that one reports (scope-guard leaves a
// guard used after its await to async-mutex).
func (f *File) Enabled(name string) bool { return f.passes[name] }
