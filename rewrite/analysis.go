package rewrite

import (
	"bytes"
	"strings"
)

// Analysis extends, for one run, what the passes' Send analysis knows
// about the code (sendfix.toml's send-spawners, local-executors and
// non-send-types). Names are matched by their last path segment, as the
// built-in ones are: "my_rt::spawn_detached" matches any call of a
// function or method named spawn_detached.
type Analysis struct {
	// SendSpawners are functions that move a future (or closure) to
	// another thread: a future given to them must be Send, like one given
	// to tokio::spawn.
	SendSpawners []string
	// LocalExecutors run a future on the current thread (like spawn_local
	// or block_on): a future given to them need not be Send.
	LocalExecutors []string
	// NonSendTypes are types whose values are not Send: a value of one
	// bound by `let` (by a type annotation, `T::new(..)`, any `T::f(..)`
	// or `T { .. }`) and held across an .await is reported and, when it is
	// not used after the await, scoped like a lock guard.
	NonSendTypes []string
}

// Empty reports whether a adds nothing to the built-in analysis.
func (a *Analysis) Empty() bool {
	return a == nil || len(a.SendSpawners)+len(a.LocalExecutors)+len(a.NonSendTypes) == 0
}

// AddNonSendTypes makes the run know types as non-Send, its passes' byte
// tests widened to match (a guided run adds the types rustc reports held
// across an await). The Analysis and the passes are copied, not changed.
func (c *Config) AddNonSendTypes(types []string) {
	if len(types) == 0 {
		return
	}
	a := Analysis{}
	if c.Analysis != nil {
		a = *c.Analysis
	}
	a.NonSendTypes = append(append([]string(nil), a.NonSendTypes...), types...)
	c.Analysis = &a
	c.Transforms = (&Analysis{NonSendTypes: types}).WithPrefilters(c.Transforms)
}

// analysisFor returns the run's extensions for a unit's files and package.
func analysisFor(units []*unit) *Analysis {
	for _, u := range units {
		if !u.analysis.Empty() {
			return u.analysis
		}
	}
	return nil
}

// WithPrefilters returns the passes with their byte tests widened for a:
// a pass's own prefilter knows only the built-in guard calls, so a file
// that names a configured non-Send type (and awaits) is parsed too; its
// package gate knows only the built-in spawners, so a package naming a
// configured spawner or type is analysed too. The passes are copied; the
// originals are not changed.
func (a *Analysis) WithPrefilters(passes []*Transform) []*Transform {
	if a == nil || len(a.NonSendTypes)+len(a.SendSpawners) == 0 {
		return passes
	}
	names := lastSegments(a.NonSendTypes)
	gateNames := append(lastSegments(a.SendSpawners), names...)
	out := make([]*Transform, len(passes))
	for i, t := range passes {
		c := *t
		if pre := t.Prefilter; pre != nil && len(names) > 0 {
			c.Prefilter = func(src []byte) bool {
				if pre(src) {
					return true
				}
				return bytes.Contains(src, []byte("await")) && containsAny(src, names)
			}
		}
		if gate := t.Gate; gate != nil {
			c.Gate = func(srcs [][]byte) bool {
				if gate(srcs) {
					return true
				}
				for _, src := range srcs {
					if containsAny(src, gateNames) {
						return true
					}
				}
				return false
			}
		}
		out[i] = &c
	}
	return out
}

func lastSegments(list []string) [][]byte {
	var out [][]byte
	for _, n := range list {
		n = strings.TrimSpace(n)
		if i := strings.Index(n, "<"); i >= 0 {
			n = n[:i] // `Serializer<'_, String>`, as rustc writes it
		}
		if i := strings.LastIndex(n, "::"); i >= 0 {
			n = n[i+2:]
		}
		if n != "" {
			out = append(out, []byte(n))
		}
	}
	return out
}

func containsAny(src []byte, names [][]byte) bool {
	for _, n := range names {
		if bytes.Contains(src, n) {
			return true
		}
	}
	return false
}
