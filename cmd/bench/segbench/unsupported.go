//go:build !linux

// The segbench benchmark reads Linux's process accounting (CPU time per
// process and per thread, peak RSS, /proc/loadavg): it runs where Lambda
// runs. Elsewhere it says so instead of failing to compile.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "segbench measures with Linux's process accounting: run it on Linux")
	os.Exit(2)
}
