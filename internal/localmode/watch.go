package localmode

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"cloudtools/internal/devtools/lambdabuild"
	"cloudtools/internal/layout"
)

// Watcher rebuilds and restarts a function when the Go sources it is built
// from change: its own lambdas/<tool> folder or any package of this module
// it imports. Only the functions affected restart.
type Watcher struct {
	Root     string // module root
	Server   *Server
	Out      io.Writer
	Interval time.Duration // polling period; 500 ms when zero
	// BuildDir receives the rebuilt binaries (a new folder per build, so
	// a running binary is never overwritten).
	BuildDir string
	builds   int
}

// Run polls until ctx ends.
func (w *Watcher) Run(ctx context.Context) error {
	if w.Interval == 0 {
		w.Interval = 500 * time.Millisecond
	}
	deps := map[string][]string{} // tool → source folders
	seen := map[string]string{}   // folder → fingerprint
	for tool := range w.Server.Functions {
		if _, err := os.Stat(filepath.Join(layout.ToolSource(w.Root, tool), layout.ToolMain)); err != nil {
			continue // not built from this repository's lambdas/
		}
		dirs, err := w.packageDirs(tool)
		if err != nil {
			return err
		}
		deps[tool] = dirs
		for _, d := range dirs {
			seen[d] = fingerprint(d)
		}
	}
	fmt.Fprintf(w.Out, "watching the sources of %d functions\n", len(deps))
	tick := time.NewTicker(w.Interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		changed := map[string]bool{}
		for d, fp := range seen {
			if now := fingerprint(d); now != fp {
				seen[d] = now
				changed[d] = true
			}
		}
		for tool, dirs := range deps {
			for _, d := range dirs {
				if changed[d] {
					w.rebuild(tool)
					if fresh, err := w.packageDirs(tool); err == nil {
						deps[tool] = fresh
						for _, fd := range fresh {
							if _, ok := seen[fd]; !ok {
								seen[fd] = fingerprint(fd)
							}
						}
					}
					break
				}
			}
		}
	}
}

func (w *Watcher) rebuild(tool string) {
	w.builds++
	out := filepath.Join(w.BuildDir, tool+"-"+strconv.Itoa(w.builds))
	start := time.Now()
	if err := lambdabuild.BuildLambda(w.Root, out, lambdabuild.Host, tool); err != nil {
		fmt.Fprintf(w.Out, "[%s] rebuild failed, still serving the previous build:\n%v\n", tool, err)
		return
	}
	w.Server.Functions[tool].Restart(layout.ToolCode(out, tool))
	fmt.Fprintf(w.Out, "[%s] rebuilt and restarted in %.1fs\n", tool, time.Since(start).Seconds())
}

// packageDirs lists the folders of this module's packages a tool is built
// from.
func (w *Watcher) packageDirs(tool string) ([]string, error) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.Dir}}{{end}}", layout.ToolPackage(tool))
	cmd.Dir = w.Root
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %w", tool, err)
	}
	root, _ := filepath.Abs(w.Root)
	var dirs []string
	for _, d := range strings.Fields(string(out)) {
		if strings.HasPrefix(d, root+string(filepath.Separator)) {
			dirs = append(dirs, d)
		}
	}
	return dirs, nil
}

// fingerprint summarises the Go files of a folder (names, sizes, times).
func fingerprint(dir string) string {
	var b strings.Builder
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		if info, err := e.Info(); err == nil {
			fmt.Fprintf(&b, "%s:%d:%d;", e.Name(), info.Size(), info.ModTime().UnixNano())
		}
	}
	return b.String()
}
