package sendbound_test

import (
	"flag"
	"testing"

	"sendfix/rewrite"
	"sendfix/transforms"
	"sendfix/transforms/internal/goldentest"
	"sendfix/transforms/sendbound"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden runs send-bound over every package under
// testdata/send-bound/ and compares the result with golden/send-bound/.
func TestGolden(t *testing.T) {
	goldentest.Run(t, "../..", "send-bound", sendbound.Transform, byName, *update)
}

func byName(name string) *rewrite.Transform {
	for _, p := range transforms.All() {
		if p.Name == name {
			return p
		}
	}
	return nil
}
