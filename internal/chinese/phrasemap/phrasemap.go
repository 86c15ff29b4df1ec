// Package phrasemap is a file of named, read-only string tables (OpenCC's
// conversion dictionaries, pinyin readings), compiled at build time and
// mapped at run time: opening one costs a header check, and a lookup
// touches a few slots and the bytes of its key and value.
//
// A table maps keys to values and answers the converters' one question:
// which key is the longest prefix of this text? Each table is an
// open-addressing hash table over its keys and every proper prefix of its
// keys (prefix entries carry no value), so the longest match walks the
// text one character at a time and stops at the first prefix no key has,
// as a trie would, with one probe a step.
//
// Layout (little-endian):
//
//	header     magic "CTPHRMAP", version u32, table count u32, file size u64,
//	           CRC-32 of the whole file with this field zero u32, pad u32
//	directory  per table: name offset, name length, slots offset, slot
//	           count (a power of two), pool offset, pool length, key count,
//	           longest key in bytes (u32 each)
//	pools      each table's keys and values, and the names
//	slots      per slot: key offset u32, value offset u32 (NoValue for a
//	           prefix entry), key length u16, value length u16; key length
//	           0 marks an empty slot
//
// Open checks the header, the size and that every table lies inside the
// file; lookups check each offset against their table's pool, so a damaged
// file gives errors or misses, never a crash. Verify checks the CRC of the
// whole file (the build runs it after compiling, tests too); requests do
// not, so a cold start does not read the file whole.
package phrasemap

import (
	"encoding/binary"
	"errors"
	"fmt"

	"cloudtools/internal/chinese/mapped"
)

// header is the file's header (mapped.Header).
var header = mapped.Header{Magic: "CTPHRMAP", Version: 1, Name: "phrase-table"}

const (
	headerSize = mapped.HeaderSize
	dirEntry   = 32
	slotSize   = 12
	// noValue marks a prefix entry.
	noValue = 0xFFFFFFFF
	// MaxKeyBytes and MaxValueBytes bound entries (u16 lengths).
	MaxKeyBytes   = 1<<16 - 1
	MaxValueBytes = 1<<16 - 1
)

// ErrFormat wraps every reason a file is refused.
var ErrFormat = errors.New("phrasemap: bad file")

// File is an open phrase-table file.
type File struct {
	data   []byte
	unmap  func() error
	tables map[string]*Table
}

// Table is one named table of a File.
type Table struct {
	name     string
	slots    []byte
	mask     uint32
	pool     []byte
	keys     int
	maxBytes int
}

// Open maps the file at path and checks its header and directory.
func Open(path string) (*File, error) {
	f, unmap, err := mapped.OpenWith(path, Parse)
	if err != nil {
		return nil, fmt.Errorf("phrase tables %s: %w", path, err)
	}
	f.unmap = unmap
	return f, nil
}

// Close unmaps the file; the File, its tables and every string they
// returned must not be used afterwards.
func (f *File) Close() error {
	if f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap = nil
	return err
}

// Parse uses data in place (it must not change while in use), after the
// checks Open makes.
func Parse(data []byte) (*File, error) {
	bad := func(format string, args ...any) (*File, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
	}
	n, err := header.Check(data)
	if err != nil {
		return bad("%v", err)
	}
	le := binary.LittleEndian
	if n > (len(data)-headerSize)/dirEntry {
		return bad("%d tables do not fit", n)
	}
	f := &File{data: data, tables: make(map[string]*Table, n)}
	section := func(off, length uint32) ([]byte, bool) {
		end := uint64(off) + uint64(length)
		return data[min(uint64(off), uint64(len(data))):min(end, uint64(len(data)))], end <= uint64(len(data))
	}
	for i := range n {
		e := data[headerSize+i*dirEntry:]
		name, ok1 := section(le.Uint32(e), le.Uint32(e[4:]))
		slotCount := le.Uint32(e[12:])
		slots, ok2 := section(le.Uint32(e[8:]), slotCount*slotSize)
		pool, ok3 := section(le.Uint32(e[16:]), le.Uint32(e[20:]))
		if !ok1 || !ok2 || !ok3 || slotCount == 0 || slotCount&(slotCount-1) != 0 || slotCount > 1<<28 {
			return bad("table %d lies outside the file", i)
		}
		t := &Table{name: string(name), slots: slots, mask: slotCount - 1, pool: pool,
			keys: int(le.Uint32(e[24:])), maxBytes: int(le.Uint32(e[28:]))}
		f.tables[t.name] = t
	}
	return f, nil
}

// Verify checks the CRC of the whole file.
func (f *File) Verify() error {
	if err := mapped.CheckCRC(f.data); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return nil
}

// Table is the named table, or nil.
func (f *File) Table(name string) *Table { return f.tables[name] }

// Size is the file's size in bytes.
func (f *File) Size() int { return len(f.data) }

// Name is the table's name.
func (t *Table) Name() string { return t.name }

// Len is the number of keys.
func (t *Table) Len() int { return t.keys }

// hashStep is FNV-1a, extended one byte at a time so a walk along a text
// hashes each prefix from the last.
func hashStep(h uint32, b byte) uint32 { return (h ^ uint32(b)) * 16777619 }

const hashStart = 2166136261

// find probes for key (hashed to h): found, and the value when it is a key.
func (t *Table) find(key string, h uint32) (value string, isKey, found bool) {
	le := binary.LittleEndian
	for i, probes := h&t.mask, uint32(0); probes <= t.mask; i, probes = (i+1)&t.mask, probes+1 {
		s := t.slots[i*slotSize : i*slotSize+slotSize]
		klen := uint32(le.Uint16(s[8:]))
		if klen == 0 {
			return "", false, false
		}
		koff := le.Uint32(s)
		if klen != uint32(len(key)) || uint64(koff)+uint64(klen) > uint64(len(t.pool)) || string(t.pool[koff:koff+klen]) != key {
			continue
		}
		voff, vlen := le.Uint32(s[4:]), uint32(le.Uint16(s[10:]))
		if voff == noValue {
			return "", false, true
		}
		if uint64(voff)+uint64(vlen) > uint64(len(t.pool)) {
			return "", false, false // damaged: a miss
		}
		return string(t.pool[voff : voff+vlen]), true, true
	}
	return "", false, false
}

// LeadBytes is the set of bytes some key begins with: a text position
// whose byte is not in it starts no match. It reads every slot, so it is
// for small tables (a normalization table's 2,000 keys), where it spares a
// probe per character of the text.
func (t *Table) LeadBytes() *[256]bool {
	var set [256]bool
	for i := 0; i+slotSize <= len(t.slots); i += slotSize {
		s := t.slots[i : i+slotSize]
		koff, klen := binary.LittleEndian.Uint32(s), binary.LittleEndian.Uint16(s[8:])
		if klen > 0 && uint64(koff) < uint64(len(t.pool)) {
			set[t.pool[koff]] = true
		}
	}
	return &set
}

// charSize is the length of the UTF-8 character s lead byte b begins, read
// from b alone (a continuation or invalid byte counts 1). Keys are valid
// UTF-8, so on any text that holds a key this steps as decoding would, and
// where the text is not valid UTF-8 no key matches either way; decoding
// every character cost a fifth of a conversion.
func charSize(b byte) int {
	switch {
	case b < 0xC0:
		return 1
	case b < 0xE0:
		return 2
	case b < 0xF0:
		return 3
	case b < 0xF8:
		return 4
	}
	return 1
}

// Get is key's value.
func (t *Table) Get(key string) (string, bool) {
	h := uint32(hashStart)
	for i := 0; i < len(key); i++ {
		h = hashStep(h, key[i])
	}
	v, isKey, _ := t.find(key, h)
	return v, isKey
}

// Longest is the longest key that is a prefix of s, ending on a character
// boundary: its length in bytes and its value; n is 0 when no key is.
func (t *Table) Longest(s string) (n int, value string) {
	h := uint32(hashStart)
	limit := min(len(s), t.maxBytes)
	for i := 0; i < limit; {
		size := charSize(s[i])
		if i+size > limit {
			break
		}
		for j := i; j < i+size; j++ {
			h = hashStep(h, s[j])
		}
		i += size
		v, isKey, found := t.find(s[:i], h)
		if !found {
			break
		}
		if isKey {
			n, value = i, v
		}
	}
	return n, value
}
