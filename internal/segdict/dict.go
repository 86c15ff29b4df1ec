package segdict

import (
	"fmt"
	"math"
	"os"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Dict is a compiled dictionary in use. It only reads its memory, so one
// Dict serves any number of goroutines.
type Dict struct {
	data  []byte
	unmap func() error

	pages, blocks []uint16
	nodes         []Node
	value         []int32
	logp          []float64
	pos           []uint8
	idf           []float32
	posNames      []string
	emit          []float64
	numCodes      int

	logTotal, medianIDF float64
	start               [NumStates]float64
	trans               [NumStates][NumStates]float64
}

// Open maps the compiled dictionary at path and checks it whole: a missing,
// truncated, corrupt or other-version file is an error here, never a wrong
// answer later.
func Open(path string) (*Dict, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open dictionary: %w", err)
	}
	defer f.Close()
	data, unmap, err := mapFile(f)
	if err != nil {
		return nil, fmt.Errorf("map dictionary %s: %w", path, err)
	}
	d, err := Parse(data)
	if err != nil {
		unmap()
		return nil, fmt.Errorf("dictionary %s: %w", path, err)
	}
	d.unmap = unmap
	return d, nil
}

// Close unmaps the file. The Dict, and every string it returned that
// points into it, must not be used afterwards.
func (d *Dict) Close() error {
	if d.unmap == nil {
		return nil
	}
	err := d.unmap()
	d.unmap = nil
	return err
}

// Parse checks data as a compiled dictionary and uses it in place; data
// must stay unchanged while the Dict is in use and be 8-byte aligned.
func Parse(data []byte) (*Dict, error) {
	if !littleEndianHost() {
		return nil, formatErr("this host is big-endian; the format is little-endian")
	}
	if len(data) < headerSize {
		return nil, formatErr("%d bytes is shorter than the %d-byte header (truncated?)", len(data), headerSize)
	}
	if uintptr(unsafe.Pointer(&data[0]))%8 != 0 {
		return nil, formatErr("data is not 8-byte aligned")
	}
	if string(data[offMagic:offMagic+len(Magic)]) != Magic {
		return nil, formatErr("not a compiled dictionary (bad magic)")
	}
	if v := le.Uint32(data[offVersion:]); v != Version {
		return nil, formatErr("format version %d, this program reads version %d: rebuild the dictionary", v, Version)
	}
	if h := le.Uint32(data[offHeaderLen:]); h != headerSize {
		return nil, formatErr("header of %d bytes, want %d", h, headerSize)
	}
	if n := le.Uint64(data[offFileSize:]); n != uint64(len(data)) {
		return nil, formatErr("file has %d bytes, its header says %d (truncated?)", len(data), n)
	}
	if got, want := checksum(data), le.Uint32(data[offCRC:]); got != want {
		return nil, formatErr("checksum mismatch (%08x, header says %08x): the file is corrupt", got, want)
	}
	d := &Dict{data: data}
	words := int(le.Uint32(data[offWords:]))
	d.numCodes = int(le.Uint32(data[offCodes:]))
	slots := int(le.Uint32(data[offSlots:]))
	d.logTotal = f64(data[offLogTotal:])
	d.medianIDF = f64(data[offMedianIDF:])
	for s := range NumStates {
		d.start[s] = f64(data[offStart+8*s:])
		for t := range NumStates {
			d.trans[s][t] = MinLogProb
		}
	}
	for i, p := range transPairs {
		d.trans[p[0]][p[1]] = f64(data[offTrans+8*i:])
	}

	sections := [numSections][]byte{}
	wantLen := [numSections]int{
		secPages: 2 * numPages, secNodes: 16 * slots, secValue: 4 * slots,
		secLogP: 8 * words, secPOS: words, secIDF: 4 * words, secEmit: 8 * NumStates * d.numCodes,
		secBlocks: -1, secPOSNames: -1,
	}
	for i := range numSections {
		off := le.Uint64(data[offSections+16*i:])
		n := le.Uint64(data[offSections+16*i+8:])
		if off%8 != 0 || off < headerSize || off > uint64(len(data)) || n > uint64(len(data))-off {
			return nil, formatErr("section %d out of bounds", i)
		}
		if wantLen[i] >= 0 && n != uint64(wantLen[i]) {
			return nil, formatErr("section %d has %d bytes, want %d", i, n, wantLen[i])
		}
		sections[i] = data[off : off+n]
	}
	if len(sections[secBlocks])%512 != 0 {
		return nil, formatErr("rune blocks of %d bytes", len(sections[secBlocks]))
	}
	d.pages = view[uint16](sections[secPages])
	d.blocks = view[uint16](sections[secBlocks])
	d.nodes = view[Node](sections[secNodes])
	d.value = view[int32](sections[secValue])
	d.logp = view[float64](sections[secLogP])
	d.pos = sections[secPOS]
	d.idf = view[float32](sections[secIDF])
	d.emit = view[float64](sections[secEmit])
	d.posNames = strings.Split(string(sections[secPOSNames]), "\x00")
	if err := d.validate(); err != nil {
		return nil, err
	}
	return d, nil
}

// validate checks the invariants lookups rely on, so that even a file
// written by a faulty compiler cannot send a lookup out of bounds.
func (d *Dict) validate() error {
	nblocks := len(d.blocks) / 256
	for _, p := range d.pages {
		if int(p) > nblocks {
			return formatErr("rune page points past the blocks")
		}
	}
	for _, c := range d.blocks {
		if int(c) >= d.numCodes {
			return formatErr("rune code %d out of range", c)
		}
	}
	if len(d.nodes) == 0 {
		return formatErr("empty trie")
	}
	for i, v := range d.value {
		if v < 0 || int(v) > len(d.logp) {
			return formatErr("trie slot %d holds word %d of %d", i, v, len(d.logp))
		}
	}
	for _, p := range d.pos {
		if int(p) >= len(d.posNames) {
			return formatErr("POS tag %d out of range", p)
		}
	}
	if math.IsNaN(d.logTotal) || d.logTotal <= 0 {
		return formatErr("total frequency %v", d.logTotal)
	}
	return nil
}

// Words is the number of keys (words, and IDF-only entries).
func (d *Dict) Words() int { return len(d.logp) }

// Size is the file's size in bytes.
func (d *Dict) Size() int { return len(d.data) }

// Code is r's code in the trie, or 0 when no key uses r.
func (d *Dict) Code(r rune) int32 {
	if r < 0 || r > utf8.MaxRune {
		return 0
	}
	p := d.pages[r>>8]
	if p == 0 {
		return 0
	}
	return int32(d.blocks[int(p-1)<<8|int(r&0xff)])
}

// Root is the trie's root node.
const Root int32 = 0

// Next follows code from node; ok is false when no key continues that way.
func (d *Dict) Next(node, code int32) (int32, bool) {
	if code <= 0 {
		return 0, false
	}
	t := d.nodes[node].Base + code
	if t <= 0 || int(t) >= len(d.nodes) || d.nodes[t].Check != node {
		return 0, false
	}
	return t, true
}

// Step is Next for the segmenter's inner loop: it also returns the
// log-probability of the word ending at the new node, NaN if none.
func (d *Dict) Step(node, code int32) (next int32, logp float64, ok bool) {
	t := d.nodes[node].Base + code
	if t <= 0 || int(t) >= len(d.nodes) || code <= 0 {
		return 0, 0, false
	}
	n := &d.nodes[t]
	if n.Check != node {
		return 0, 0, false
	}
	return t, n.LogP, true
}

// Key returns the id of the key ending at node.
func (d *Dict) Key(node int32) (id int32, ok bool) {
	v := d.value[node]
	return v - 1, v > 0
}

// Lookup finds word's key id.
func (d *Dict) Lookup(word string) (id int32, ok bool) {
	node := Root
	for _, r := range word {
		if node, ok = d.Next(node, d.Code(r)); !ok {
			return 0, false
		}
	}
	return d.Key(node)
}

// IsWord reports whether word is a dictionary word to segment (a key with
// a frequency above 0).
func (d *Dict) IsWord(word string) bool {
	id, ok := d.Lookup(word)
	if !ok {
		return false
	}
	_, ok = d.LogProb(id)
	return ok
}

// LogProb is ln(freq/total) of key id; ok is false when the key is not a
// word to segment (frequency 0, such as an IDF-only entry).
func (d *Dict) LogProb(id int32) (lp float64, ok bool) {
	lp = d.logp[id]
	return lp, !math.IsNaN(lp)
}

// UnknownLogProb is the log-probability jieba gives a character that is not
// a word: that of frequency 1.
func (d *Dict) UnknownLogProb() float64 { return -d.logTotal }

// POS is key id's part-of-speech tag ("" when the dictionary has none).
func (d *Dict) POS(id int32) string { return d.posNames[d.pos[id]] }

// IDF is key id's inverse document frequency, or the table's median for a
// word without one (jieba's default).
func (d *Dict) IDF(id int32) float64 {
	v := d.idf[id]
	if v != v { // NaN
		return d.medianIDF
	}
	return float64(v)
}

// MedianIDF is the IDF of words the dictionary does not know.
func (d *Dict) MedianIDF() float64 { return d.medianIDF }

// Emit is the HMM log-probability that state emits the rune of code.
func (d *Dict) Emit(state int, code int32) float64 {
	return d.emit[state*d.numCodes+int(code)]
}

// Start is the HMM log-probability of starting in state.
func (d *Dict) Start(state int) float64 { return d.start[state] }

// Trans is the HMM log-probability of moving between states; MinLogProb
// when jieba's model forbids it.
func (d *Dict) Trans(from, to int) float64 { return d.trans[from][to] }
