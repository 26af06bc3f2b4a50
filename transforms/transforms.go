// Package transforms lists sendfix's passes in the order they run.
package transforms

import (
	"sendfix/rewrite"
	"sendfix/transforms/asyncmutex"
	"sendfix/transforms/rctoarc"
	"sendfix/transforms/scopeguard"
	"sendfix/transforms/sendbound"
)

// All returns every transform: scope-guard first (it scopes the guards that
// are not used after the await), then async-mutex (it switches the mutex of
// the guards that are), then rc-to-arc (Rc, RefCell and Cell values that
// reach another thread), then send-bound (trait objects and futures that
// reach another thread).
//
// The order also matters to the passes' shared syntax: the passes of a
// round share one Go mirror of each file (rustast.Build), and the type-flow
// analysis behind rc-to-arc and send-bound grafts macro arguments, parsed
// as code, into it. scope-guard and async-mutex read macro calls as token
// trees, so they come first (TestAllOrder).
func All() []*rewrite.Transform {
	return []*rewrite.Transform{scopeguard.Transform, asyncmutex.Transform, rctoarc.Transform, sendbound.Transform}
}
