// Package mapped maps a compiled data file (the segmentation dictionary,
// the phrase tables) read-only into memory: pages load on first use and
// stay shared with the page cache, so a cold start costs what a request
// touches, not the file's size. Where mmap is missing (Windows) the file is
// read whole into 8-byte aligned memory, which in-place views need.
package mapped

import (
	"errors"
	"os"
)

// ErrEmpty: a file of zero bytes cannot be mapped, and holds nothing.
var ErrEmpty = errors.New("empty file")

// Map maps f read-only; unmap releases it, after which the bytes must not
// be used.
func Map(f *os.File) (data []byte, unmap func() error, err error) {
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := st.Size()
	if size == 0 {
		return nil, nil, ErrEmpty
	}
	if int64(int(size)) != size {
		return nil, nil, errors.New("file too large to map")
	}
	return mapFile(f, int(size))
}

// Open maps the file at path (see Map).
func Open(path string) (data []byte, unmap func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return Map(f)
}
