//go:build unix

package localmode

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir holds an exclusive lock on dir until unlock is called, waiting
// (and saying so) while another process holds it: two Prepares of one
// folder (two `make local`s, or the test packages that all prepare the
// app when `go test ./...` runs them in parallel) take turns instead of
// building and synthesizing over each other.
func lockDir(dir string, progress io.Writer) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, ".prepare.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		fmt.Fprintf(progress, "local: waiting for another prepare of %s…\n", dir)
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			return nil, err
		}
	}
	return func() { f.Close() }, nil // closing releases the lock
}
