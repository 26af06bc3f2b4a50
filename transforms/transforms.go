// Package transforms lists sendfix's passes in the order they run.
package transforms

import (
	"sendfix/rewrite"
	"sendfix/transforms/scopeguard"
)

// All returns every transform.
func All() []*rewrite.Transform {
	return []*rewrite.Transform{scopeguard.Transform}
}
