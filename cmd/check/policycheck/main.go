// Command policycheck runs AWS Control Tower's proactive controls (Guard
// rules, see internal/devtools/policycheck) over a synthesized cloud assembly
// and fails on any finding that is neither fixed nor acknowledged next to
// its resource. `make test` runs it after the synth:
//
//	go run ./cmd/check/policycheck [-assembly cdk.out]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"cloudtools/internal/devtools/policycheck"
)

func main() {
	asm := flag.String("assembly", "cdk.out", "cloud assembly to check")
	root := flag.String("root", ".", "module root (where node_modules is)")
	flag.Parse()
	start := time.Now()
	g, err := policycheck.FindGuard(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "policycheck:", err)
		os.Exit(2)
	}
	templates, err := filepath.Glob(filepath.Join(*asm, "*.template.json"))
	if err != nil || len(templates) == 0 {
		fmt.Fprintf(os.Stderr, "policycheck: no templates in %s (synthesize first)\n", *asm)
		os.Exit(2)
	}
	r, err := g.Check(templates)
	if err != nil {
		fmt.Fprintln(os.Stderr, "policycheck:", err)
		os.Exit(2)
	}
	if r.Failed() || os.Getenv("POLICY_VERBOSE") != "" {
		fmt.Print(r.Table())
	}
	acked := 0
	for _, f := range r.Findings {
		if f.Reason != "" {
			acked++
		}
	}
	fmt.Printf("policycheck: Control Tower Guard rules over %d templates: %d findings, %d acknowledged with a reason, %d open, %d stale acknowledgements (%.1fs)\n",
		len(templates), len(r.Findings), acked, len(r.Findings)-acked, len(r.Stale), time.Since(start).Seconds())
	if r.Failed() {
		os.Exit(1)
	}
}
