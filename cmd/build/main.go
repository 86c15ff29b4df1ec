// Command build compiles every Lambda under lambdas/ into
// build/lambdas/<tool>/bootstrap and assembles the dictionary layer in
// build/layers/dictionary. cdk.json runs it before every synth.
//
//	go run ./cmd/build [-arch arm64|amd64|host] [-out build]
//
// Outputs depend only on the sources (no paths, VCS stamps or build ids in
// the binaries, no timestamps in the layer), so asset hashes are stable.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"time"

	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/layout"
)

func main() {
	log.SetFlags(0)
	arch := flag.String("arch", "arm64", "target architecture: arm64 (Lambda), amd64, or host")
	out := flag.String("out", layout.BuildDir, "output directory")
	flag.Parse()
	if *arch == "host" {
		*arch = runtime.GOARCH
	}
	start := time.Now()
	tools, err := lambdabuild.Build(".", *out, lambdabuild.Platform{OS: "linux", Arch: *arch, Reproducible: true})
	if err != nil {
		log.Fatalf("build: %v", err)
	}
	fmt.Fprintf(os.Stderr, "built %d lambdas for linux/%s and the dictionary layer in %s (%.1fs)\n",
		len(tools), *arch, *out, time.Since(start).Seconds())
}
