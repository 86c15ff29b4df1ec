//go:build unix

package segdict

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps f read-only: pages load on first use and stay shared with
// the page cache, so a warm container pays for the dictionary once.
func mapFile(f *os.File) ([]byte, func() error, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := st.Size()
	if size == 0 {
		return nil, nil, fmt.Errorf("%w: empty file", ErrFormat)
	}
	if int64(int(size)) != size {
		return nil, nil, fmt.Errorf("%w: file too large to map", ErrFormat)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
