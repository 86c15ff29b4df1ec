// Package segdict is the segmenter's compiled dictionary: one versioned,
// checksummed file that a process maps into memory and uses in place, with
// no parsing. It holds a double-array trie over the words, each word's log
// probability, POS tag and IDF, and the HMM tables for unknown words.
//
// Layout (all little-endian, every section 8-byte aligned):
//
//	header   magic, version, sizes, CRC-32C of the whole file, scalars,
//	         and a table of (offset, length) for each section below
//	pages    uint16[0x1100]     rune>>8 → block number+1 (0: no block)
//	blocks   uint16[256·n]      rune&255 within its block → code (0: unknown)
//	nodes    {base, check int32; logp float64}[slots]
//	                            double-array trie over codes; logp is the
//	                            log-probability of the word ending at the
//	                            slot (NaN if none), beside the transition so
//	                            that the segmenter's inner loop reads one
//	                            cache line per character
//	value    int32[slots]       key id+1 of the key ending at a slot, or 0
//	logp     float64[words]     ln(freq/total); NaN for keys that are not words
//	pos      uint8[words]       index into posNames
//	idf      float32[words]     NaN when the word has no IDF
//	posNames NUL-separated tag names
//	emit     float64[4·codes]   HMM emission log-probabilities, state-major
//
// Words have dense ids; the trie's codes are dense too, frequent runes first.
package segdict

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// Magic opens every compiled dictionary file.
const Magic = "CTSEGDIC"

// Version is bumped whenever the layout changes; a file of another version
// is refused rather than misread.
const Version = 2

// FileName is the compiled dictionary's name in the layer's dict/ folder.
const FileName = "cloudtools.segdict"

// HMM states, in jieba's order of the emission tables.
const (
	StateB = iota // begins a word
	StateM        // inside a word
	StateE        // ends a word
	StateS        // a single-character word
	NumStates
)

// MinLogProb is jieba's MIN_FLOAT: the log-probability of an unseen event.
const MinLogProb = -3.14e100

const numPages = 0x110000 >> 8

// Sections, in file order.
const (
	secPages = iota
	secBlocks
	secNodes
	secValue
	secLogP
	secPOS
	secIDF
	secPOSNames
	secEmit
	numSections
)

// Header field offsets.
const (
	offMagic     = 0
	offVersion   = 8  // uint32
	offHeaderLen = 12 // uint32
	offFileSize  = 16 // uint64
	offCRC       = 24 // uint32
	offWords     = 28 // uint32
	offCodes     = 32 // uint32: rune codes, 0 (unknown) included
	offSlots     = 36 // uint32: double-array length
	offLogTotal  = 40 // float64: ln of the sum of word frequencies
	offMedianIDF = 48 // float64: the IDF of a word the table lacks
	offStart     = 56 // float64[NumStates]: HMM start log-probabilities
	offTrans     = 88 // float64[len(transPairs)]: HMM transitions
	offSections  = 152
	headerSize   = offSections + numSections*16
)

// transPairs are the HMM transitions jieba allows (from, to), in the order
// the header stores them; every other transition is impossible.
var transPairs = [...][2]int{
	{StateB, StateE}, {StateB, StateM},
	{StateE, StateB}, {StateE, StateS},
	{StateM, StateE}, {StateM, StateM},
	{StateS, StateB}, {StateS, StateS},
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is the CRC-32C of data with the checksum field read as zero.
func checksum(data []byte) uint32 {
	c := crc32.Update(0, castagnoli, data[:offCRC])
	c = crc32.Update(c, castagnoli, []byte{0, 0, 0, 0})
	return crc32.Update(c, castagnoli, data[offCRC+4:])
}

var le = binary.LittleEndian

// ErrFormat wraps every reason a file is refused.
var ErrFormat = errors.New("invalid compiled dictionary")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

func f64(b []byte) float64 { return math.Float64frombits(le.Uint64(b)) }
