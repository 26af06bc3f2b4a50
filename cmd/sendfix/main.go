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

	"sendfix/cmd/sendfix/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
