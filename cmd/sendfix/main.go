// Command sendfix repairs Rust's "future cannot be sent between threads
// safely": it finds non-Send values held across an .await in futures that
// must be Send and rewrites the code so they are not.
//
//	sendfix diff  [flags] [PATH...]   show the fixes as a unified diff
//	sendfix fix   [flags] [PATH...]   apply them in place
//	sendfix check [flags] [PATH...]   list the findings
//	sendfix list | explain NAME       the transforms
package main

import (
	"os"
	"runtime/debug"

	"sendfix/cmd/sendfix/internal/cli"
)

// memoryLimit is a soft limit for the Go heap. Go's collector otherwise
// lets the heap grow to twice the live data, and the crate-wide passes
// hold a whole package's syntax (about 90 MB of live data for tokio's 3 MB
// of source): near the limit the collector runs more often instead. It is
// soft: a larger package still gets the memory it needs. GOMEMLIMIT
// overrides it.
const memoryLimit = 112 << 20

// gcPercent lets the heap grow to three times the live data between
// collections, not two: with the limit above bounding the peak, most units
// of work are small and collect less often (4% less CPU over the registry
// benchmark). GOGC overrides it.
const gcPercent = 200

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
