package rctoarc_test

import (
	"flag"
	"testing"

	"sendfix/rewrite"
	"sendfix/transforms"
	"sendfix/transforms/internal/goldentest"
	"sendfix/transforms/rctoarc"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden runs rc-to-arc over every package under testdata/rc-to-arc/
// and compares the result with golden/rc-to-arc/.
func TestGolden(t *testing.T) {
	goldentest.Run(t, "../..", "rc-to-arc", rctoarc.Transform, byName, *update)
}

func byName(name string) *rewrite.Transform {
	for _, p := range transforms.All() {
		if p.Name == name {
			return p
		}
	}
	return nil
}
