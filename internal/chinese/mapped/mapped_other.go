//go:build !unix

package mapped

import (
	"io"
	"os"
	"unsafe"
)

func mapFile(f *os.File, size int) ([]byte, func() error, error) {
	words := make([]uint64, (size+7)/8)
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), 8*len(words))[:size]
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, nil, err
	}
	return buf, func() error { return nil }, nil
}
