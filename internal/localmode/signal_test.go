package localmode

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cloudtools/internal/testsupport/poll"
)

// children lists the pids whose parent is pid.
func children(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
		if ppid, _ := strconv.Atoi(fields[1]); ppid == pid {
			out = append(out, child)
		}
	}
	return out
}

func alive(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	// A zombie is gone for our purposes: it runs nothing.
	return err == nil && !strings.Contains(string(b), ") Z ")
}

// TestServeStopsOnSignals runs the local command as a user does and stops
// it with SIGINT (Ctrl-C) and SIGTERM: it exits and no function process
// is left behind.
func TestServeStopsOnSignals(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "cloudtools-local")
	if out, err := exec.Command("go", "build", "-o", bin, "cloudtools/cmd/local").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	asm := writeThrowawayAssembly(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "serve", "-assembly", asm, "-addr", "127.0.0.1:0", "-lambda-addr", "127.0.0.1:0")
			stdout, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stdout)
			for sc.Scan() && !strings.Contains(sc.Text(), "ready in") {
			}
			go func() {
				for sc.Scan() {
				}
			}()
			funcs := children(cmd.Process.Pid)
			if len(funcs) == 0 {
				t.Fatal("no function process")
			}
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("still running 10 s after %s", sig)
			}
			for _, pid := range funcs {
				if !poll.Until(2*time.Second, func() bool { return !alive(pid) }) {
					t.Errorf("function process %d outlived the server", pid)
				}
			}
		})
	}
}
