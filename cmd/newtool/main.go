// Command newtool scaffolds a tool: `make new-tool NAME=word-count` runs
//
//	go run ./cmd/newtool word-count
//
// in the module root (internal/devtools/scaffold says what it writes).
package main

import (
	"fmt"
	"os"

	"cloudtools/internal/devtools/scaffold"
)

func main() {
	if len(os.Args) != 2 || os.Args[1] == "" {
		fmt.Fprintln(os.Stderr, "usage: make new-tool NAME=<name>   (lower-case words joined by hyphens, e.g. word-count)")
		os.Exit(2)
	}
	if err := scaffold.Create(".", os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "new-tool:", err)
		os.Exit(1)
	}
}
