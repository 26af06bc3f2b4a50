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
func All() []*rewrite.Transform {
	return []*rewrite.Transform{scopeguard.Transform, asyncmutex.Transform, rctoarc.Transform, sendbound.Transform}
}
