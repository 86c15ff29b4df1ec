package phrasemap

import (
	"encoding/binary"
	"fmt"
	"slices"
	"unicode/utf8"
)

// Builder collects tables and lays them out in a file (build time).
type Builder struct {
	tables []builderTable
}

type builderTable struct {
	name    string
	entries map[string]string
}

// Add adds a table: keys to values. Keys must be non-empty valid UTF-8; no
// key or value may exceed MaxKeyBytes or MaxValueBytes.
func (b *Builder) Add(name string, entries map[string]string) error {
	if slices.ContainsFunc(b.tables, func(t builderTable) bool { return t.name == name }) {
		return fmt.Errorf("table %q added twice", name)
	}
	for k, v := range entries {
		if k == "" || !utf8.ValidString(k) || len(k) > MaxKeyBytes || len(v) > MaxValueBytes {
			return fmt.Errorf("table %q: bad entry %q → %q", name, k, v)
		}
	}
	b.tables = append(b.tables, builderTable{name, entries})
	return nil
}

// Bytes is the file: the same tables give the same bytes.
func (b *Builder) Bytes() ([]byte, error) {
	le := binary.LittleEndian
	type laidOut struct {
		nameOff, slotsOff, slotCount, poolOff, poolLen, keys, maxBytes uint32
		slots                                                          []byte
		pool                                                           []byte
	}
	var tables []laidOut
	var names []byte
	for _, bt := range b.tables {
		// Every key and every proper prefix of a key on a character
		// boundary; prefixes that are keys too keep their values.
		keys := make([]string, 0, len(bt.entries))
		for k := range bt.entries {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		entries := map[string]bool{}
		var order []string
		maxBytes := 0
		for _, k := range keys {
			maxBytes = max(maxBytes, len(k))
			for i := range k {
				if i > 0 && !entries[k[:i]] {
					entries[k[:i]] = true
					order = append(order, k[:i])
				}
			}
			if !entries[k] {
				entries[k] = true
				order = append(order, k)
			}
		}
		slices.Sort(order)
		// A load factor of at most one half keeps probes short.
		slotCount := uint32(1)
		for slotCount < uint32(2*len(order)) {
			slotCount <<= 1
		}
		slots := make([]byte, int(slotCount)*slotSize)
		var pool []byte
		for _, k := range order {
			koff := uint32(len(pool))
			pool = append(pool, k...)
			voff, vlen := uint32(noValue), 0
			if v, ok := bt.entries[k]; ok {
				voff, vlen = uint32(len(pool)), len(v)
				pool = append(pool, v...)
			}
			h := uint32(hashStart)
			for i := 0; i < len(k); i++ {
				h = hashStep(h, k[i])
			}
			i := h & (slotCount - 1)
			for le.Uint16(slots[i*slotSize+8:]) != 0 {
				i = (i + 1) & (slotCount - 1)
			}
			s := slots[i*slotSize:]
			le.PutUint32(s, koff)
			le.PutUint32(s[4:], voff)
			le.PutUint16(s[8:], uint16(len(k)))
			le.PutUint16(s[10:], uint16(vlen))
		}
		tables = append(tables, laidOut{nameOff: uint32(len(names)), slotCount: slotCount,
			keys: uint32(len(bt.entries)), maxBytes: uint32(maxBytes), slots: slots, pool: pool})
		names = append(names, bt.name...)
	}
	// Header, directory, names, then each table's pool and slots.
	off := headerSize + len(tables)*dirEntry
	namesOff := off
	off += len(names)
	for i := range tables {
		t := &tables[i]
		t.nameOff += uint32(namesOff)
		t.poolOff, t.poolLen = uint32(off), uint32(len(t.pool))
		off += len(t.pool)
		off = (off + 3) &^ 3
		t.slotsOff = uint32(off)
		off += len(t.slots)
	}
	if off > 1<<32-1 {
		return nil, fmt.Errorf("phrase tables of %d bytes exceed 4 GiB", off)
	}
	out := make([]byte, off)
	copy(out[namesOff:], names)
	for i, t := range tables {
		e := out[headerSize+i*dirEntry:]
		le.PutUint32(e, t.nameOff)
		le.PutUint32(e[4:], uint32(len(b.tables[i].name)))
		le.PutUint32(e[8:], t.slotsOff)
		le.PutUint32(e[12:], t.slotCount)
		le.PutUint32(e[16:], t.poolOff)
		le.PutUint32(e[20:], t.poolLen)
		le.PutUint32(e[24:], t.keys)
		le.PutUint32(e[28:], t.maxBytes)
		copy(out[t.poolOff:], t.pool)
		copy(out[t.slotsOff:], t.slots)
	}
	header.Write(out, len(tables))
	return out, nil
}
