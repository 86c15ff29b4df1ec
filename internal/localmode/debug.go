package localmode

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/layout"
	"cloudtools/internal/localmode/lambdahost"
)

// Debug runs one function under Delve (make local DEBUG=<tool>, make
// invoke DEBUG=1): built without optimizations, started by a headless
// Delve on Addr that waits for a client before the function's first
// line, one process and no timeout. The other functions run as usual.
type Debug struct {
	Tool string
	Addr string // host:port Delve listens on (DEBUG_PORT, default 2345)
	// CodeDir and Delve are what PrepareDebug built.
	CodeDir string
	Delve   string
}

// PrepareDebug builds tool for the debugger and the pinned Delve
// (tools/delve) under out (build/local/debug), relative to root unless
// absolute.
func PrepareDebug(root, out, tool, addr string, progress io.Writer) (*Debug, error) {
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	start := time.Now()
	fmt.Fprintf(progress, "local: building %s without optimizations, and Delve, for the debugger…\n", tool)
	if err := lambdabuild.BuildLambda(root, out, lambdabuild.HostDebug, tool); err != nil {
		return nil, err
	}
	dlv, err := lambdabuild.BuildDelve(root, filepath.Join(out, "bin"))
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "local: built in %.1fs\n", time.Since(start).Seconds())
	return &Debug{Tool: tool, Addr: addr, CodeDir: layout.ToolCode(out, tool), Delve: dlv}, nil
}

// configure runs the function cfg describes under Delve, from the debug
// build, and tells the user how to attach.
func (d *Debug) configure(cfg *lambdahost.Config, out io.Writer) {
	cfg.CodeDir, cfg.Debug = d.CodeDir, &lambdahost.Debugger{Delve: d.Delve, Addr: d.Addr}
	fmt.Fprintln(out, d.Hint())
}

// Hint is what a user types to attach: the dlv line and VS Code's.
func (d *Debug) Hint() string {
	return fmt.Sprintf("%s waits for a debugger on %s before its first invocation: dlv connect %s, or VS Code's \"Attach to local mode\" (docs/LOCAL.md)",
		d.Tool, d.Addr, d.Addr)
}
