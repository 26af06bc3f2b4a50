package rewrite

// wantedBy reports whether some pass may use a file with this text: a pass
// without a prefilter takes every file.
func wantedBy(passes []*Transform, src []byte) bool {
	for _, p := range passes {
		if p.Prefilter == nil || p.Prefilter(src) {
			return true
		}
	}
	return false
}

// filesFor returns the files a package pass sees: those its prefilter
// accepts (for a per-file pass it returns files unfiltered). A
// package pass's prefilter says which files can matter to it at all (hold
// a finding, or a fact a finding elsewhere needs); the others are not
// given to it, and when none is left it does not run on the package.
func filesFor(p *Transform, files []*File) []*File {
	if p.Prefilter == nil || p.RunPackage == nil {
		return files
	}
	var out []*File
	for _, f := range files {
		if p.Prefilter(f.Src) {
			out = append(out, f)
		}
	}
	return out
}
