// Package mapped maps a compiled data file (the segmentation dictionary,
// the phrase tables) read-only into memory: pages load on first use and
// stay shared with the page cache, so a cold start costs what a request
// touches, not the file's size. Where mmap is missing (Windows) the file is
// read whole into 8-byte aligned memory, which in-place views need.
//
// Header is the header the phrase-table and sections files share, with
// its whole-file CRC.
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

// OpenWith maps the file at path and hands its bytes to parse, which
// checks them; a file parse refuses is unmapped again. unmap releases a
// file parse accepted.
func OpenWith[T any](path string, parse func([]byte) (T, error)) (v T, unmap func() error, err error) {
	data, unmap, err := Open(path)
	if err != nil {
		return v, nil, err
	}
	if v, err = parse(data); err != nil {
		unmap()
		return v, nil, err
	}
	return v, unmap, nil
}
