//go:build linux

package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"cloudtools/internal/localmode"
	"cloudtools/internal/testsupport/faults"
)

// runFaults runs the fault scenarios at load scale on a server of its own
// (in this process, so S3 can be cut off) and reports every request; it
// fails the benchmark when a promise is broken.
func runFaults(asmDir string, conns int, killFor, s3Phase time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	s, h, err := faults.StartLocal(ctx, localmode.Options{Assembly: asmDir})
	cancel()
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	broken := false

	const kills = 5
	fmt.Printf("\n### calc's processes killed %d times under load (%d clients, %s)\n\n", kills, conns, killFor)
	kill := faults.KillUnderLoad(context.Background(), h, "calc", toolTargets[0].path, conns, kills, killFor)
	fmt.Print(kill.Table())
	if err := kill.Check(); err != nil {
		fmt.Println("\nBROKEN:", err)
		broken = true
	}

	fmt.Printf("\n### S3 unreachable under load (%d clients over two tools, phases of %s)\n\n", conns, s3Phase)
	outage := faults.S3Outage(context.Background(), h, faults.S3Readers, conns, s3Phase)
	fmt.Print(outage.Table())
	if err := outage.Check(); err != nil {
		fmt.Println("\nBROKEN:", err)
		broken = true
	}
	if broken {
		s.Close()
		os.Exit(1)
	}
}
