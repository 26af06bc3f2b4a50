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

// gated returns the passes whose Gate (if any) accepts the units' text.
func gated(passes []*Transform, units []*unit) []*Transform {
	var srcs [][]byte
	out := make([]*Transform, 0, len(passes))
	for _, p := range passes {
		if p.Gate != nil {
			if srcs == nil {
				srcs = make([][]byte, 0, len(units))
				for _, u := range units {
					srcs = append(srcs, u.cur)
				}
			}
			if !p.Gate(srcs) {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}
