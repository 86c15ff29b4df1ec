//go:build !unix

package segdict

import (
	"io"
	"os"

	ff "cloudtools/internal/chinese/segdict/internal/fileformat"
)

// mapFile reads f whole where mmap is not available, into 8-byte aligned
// memory for the in-place views.
func mapFile(f *os.File) ([]byte, func() error, error) {
	data, err := io.ReadAll(f)
	if err != nil || len(data) == 0 {
		return data, func() error { return nil }, err
	}
	return ff.AlignedCopy(data), func() error { return nil }, nil
}
