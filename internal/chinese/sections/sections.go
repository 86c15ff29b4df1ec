// Package sections is a file of named byte sections, compiled at build
// time and mapped at run time, for data read in place as arrays of
// numbers (the pinyin context model's weights): each section starts on an
// 8-byte boundary, so a []float32 or []uint64 view needs no copy.
//
// Layout (little-endian):
//
//	header     magic "CTSECTNS", version u32, section count u32, file size
//	           u64, CRC-32 of the whole file with this field zero u32, pad
//	directory  per section: name (32 bytes, zero-padded), offset u64,
//	           length u64
//	payloads   each section, 8-byte aligned
//
// Open checks the header and that every section lies inside the file;
// Verify checks the CRC (the build does, and tests; a cold start does
// not read the file whole).
package sections

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"unsafe"

	"cloudtools/internal/chinese/mapped"
)

const (
	headerSize = mapped.HeaderSize
	nameSize   = 32
	dirEntry   = nameSize + 16
)

// header is the file's header (mapped.Header).
var header = mapped.Header{Magic: "CTSECTNS", Version: 1, Name: "sections"}

// ErrFormat wraps every reason a file is refused.
var ErrFormat = errors.New("sections: bad file")

// File is an open file of sections.
type File struct {
	data     []byte
	unmap    func() error
	sections map[string][]byte
}

// Open maps the file at path and checks its header and directory.
func Open(path string) (*File, error) {
	f, unmap, err := mapped.OpenWith(path, Parse)
	if err != nil {
		return nil, fmt.Errorf("sections %s: %w", path, err)
	}
	f.unmap = unmap
	return f, nil
}

// Parse uses data in place; it must be 8-byte aligned (mapped memory is)
// and must not change while in use.
func Parse(data []byte) (*File, error) {
	bad := func(format string, args ...any) (*File, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
	}
	n, err := header.Check(data)
	if err != nil {
		return bad("%v", err)
	}
	if uintptr(unsafe.Pointer(&data[0]))%8 != 0 {
		return bad("data not 8-byte aligned")
	}
	le := binary.LittleEndian
	if n > (len(data)-headerSize)/dirEntry {
		return bad("%d sections do not fit", n)
	}
	f := &File{data: data, sections: make(map[string][]byte, n)}
	for i := range n {
		e := data[headerSize+i*dirEntry:]
		name := string(e[:nameSize])
		for len(name) > 0 && name[len(name)-1] == 0 {
			name = name[:len(name)-1]
		}
		off, length := le.Uint64(e[nameSize:]), le.Uint64(e[nameSize+8:])
		if off%8 != 0 || off > uint64(len(data)) || length > uint64(len(data))-off {
			return bad("section %q lies outside the file", name)
		}
		f.sections[name] = data[off : off+length : off+length]
	}
	return f, nil
}

// Close unmaps the file; nothing read from it may be used afterwards.
func (f *File) Close() error {
	if f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap = nil
	return err
}

// Verify checks the CRC of the whole file.
func (f *File) Verify() error {
	if err := mapped.CheckCRC(f.data); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return nil
}

// Size is the file's size in bytes.
func (f *File) Size() int { return len(f.data) }

// Bytes is the named section, and whether the file has it.
func (f *File) Bytes(name string) ([]byte, bool) {
	b, ok := f.sections[name]
	return b, ok
}

// Float32s is the named section as float32s: nil and an error when it is
// missing or its length is not a multiple of 4.
func (f *File) Float32s(name string) ([]float32, error) { return view[float32](f, name) }

// Uint32s is the named section as uint32s.
func (f *File) Uint32s(name string) ([]uint32, error) { return view[uint32](f, name) }

// Uint64s is the named section as uint64s.
func (f *File) Uint64s(name string) ([]uint64, error) { return view[uint64](f, name) }

func view[T float32 | uint32 | uint64](f *File, name string) ([]T, error) {
	b, ok := f.sections[name]
	var zero T
	size := int(unsafe.Sizeof(zero))
	switch {
	case !ok:
		return nil, fmt.Errorf("%w: no section %q", ErrFormat, name)
	case len(b)%size != 0:
		return nil, fmt.Errorf("%w: section %q: %d bytes", ErrFormat, name, len(b))
	case len(b) == 0:
		return []T{}, nil
	}
	if !littleEndian {
		return nil, errors.New("sections: a big-endian host cannot read the file in place")
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size), nil
}

var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// Builder lays sections out in a file (build time).
type Builder struct {
	names []string
	data  [][]byte
}

// Add adds a section; names are unique, at most 32 bytes.
func (b *Builder) Add(name string, data []byte) error {
	if name == "" || len(name) > nameSize || slices.Contains(b.names, name) {
		return fmt.Errorf("sections: bad or repeated name %q", name)
	}
	b.names = append(b.names, name)
	b.data = append(b.data, data)
	return nil
}

// AddFloat32s adds a section of float32s.
func (b *Builder) AddFloat32s(name string, xs []float32) error { return addNumbers(b, name, xs) }

// AddUint32s adds a section of uint32s.
func (b *Builder) AddUint32s(name string, xs []uint32) error { return addNumbers(b, name, xs) }

// AddUint64s adds a section of uint64s.
func (b *Builder) AddUint64s(name string, xs []uint64) error { return addNumbers(b, name, xs) }

// addNumbers adds xs as a section, little-endian.
func addNumbers[T float32 | uint32 | uint64](b *Builder, name string, xs []T) error {
	out, err := binary.Append(make([]byte, 0, binary.Size(xs)), binary.LittleEndian, xs)
	if err != nil {
		return err
	}
	return b.Add(name, out)
}

// Bytes lays the file out, in the order the sections were added.
func (b *Builder) Bytes() []byte {
	le := binary.LittleEndian
	off := align8(headerSize + dirEntry*len(b.names))
	offsets := make([]int, len(b.names))
	for i, d := range b.data {
		offsets[i] = off
		off = align8(off + len(d))
	}
	out := make([]byte, off)
	for i, name := range b.names {
		e := out[headerSize+i*dirEntry:]
		copy(e, name)
		le.PutUint64(e[nameSize:], uint64(offsets[i]))
		le.PutUint64(e[nameSize+8:], uint64(len(b.data[i])))
		copy(out[offsets[i]:], b.data[i])
	}
	header.Write(out, len(b.names))
	return out
}

func align8(n int) int { return (n + 7) &^ 7 }

// Aligned copies data into 8-byte aligned memory, for Parse.
func Aligned(data []byte) []byte {
	if len(data) == 0 {
		return nil
	}
	words := make([]uint64, (len(data)+7)/8)
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), 8*len(words))[:len(data)]
	copy(buf, data)
	return buf
}
