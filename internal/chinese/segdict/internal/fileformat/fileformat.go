// Package fileformat is the layout of a compiled dictionary file (see
// package segdict's documentation): the constants and in-memory views that
// the reader (segdict) and the compiler (segdict/dictcompile) share, and
// nothing else may use.
package fileformat

import (
	"encoding/binary"
	"hash/crc32"
	"unsafe"
)

// Magic opens every compiled dictionary file.
const Magic = "CTSEGDIC"

// Version is bumped whenever the layout changes; a file of another version
// is refused rather than misread.
const Version = 3

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

// NumKinds is the number of lexicons in a file (segdict.Kind).
const NumKinds = 2

// Code flags (the flags section), from the dictionary's own POS tags.
const (
	// FlagFunction marks a character that is a function word on its own
	// (a pronoun, preposition, conjunction, particle, adverb, numeral,
	// classifier, direction word, modal or interjection): the HMM must not
	// glue it into a new word.
	FlagFunction = 1 << iota
)

// NumPages is the number of 256-rune blocks of the rune → code table.
const NumPages = 0x110000 >> 8

// PageShift: the guarded region is checked in pages of 4 KiB.
const PageShift = 12
const PageSize = 1 << PageShift

// Sections, in file order. The per-lexicon ones repeat for each kind at
// LexSection(kind, sec).
const (
	SecPageCRCs = iota
	SecPOSNames
	SecEmit
	NumShared
)

const (
	LexPages = iota
	LexBlocks
	LexFlags
	LexNodes
	LexValue
	LexLogP
	LexPOS
	LexIDF
	NumLexSections
)

const NumSections = NumShared + NumKinds*NumLexSections

// LexSection is the index of lexicon kind's section sec.
func LexSection(kind, sec int) int { return NumShared + kind*NumLexSections + sec }

// Guarded reports whether a section lies in the page-checked region.
func Guarded(sec int) bool {
	if sec < NumShared {
		return sec == SecEmit
	}
	return (sec-NumShared)%NumLexSections >= LexNodes
}

// Header field offsets.
const (
	OffMagic     = 0
	OffVersion   = 8  // uint32
	OffHeaderLen = 12 // uint32
	OffFileSize  = 16 // uint64
	OffCRC       = 24 // uint32: CRC-32 of the header, this field read as 0
	OffCodes     = 28 // uint32: rune codes, 0 (unknown) included
	OffGuard     = 32 // uint64: where the guarded region starts (page aligned)
	OffMedianIDF = 40 // float64: the IDF of a word the table lacks
	OffStart     = 48 // float64[NumStates]: HMM start log-probabilities
	OffTrans     = 80 // float64[len(TransPairs)]: HMM transitions
	OffLexicons  = 144
	LexHeader    = 16 // per lexicon: words uint32, slots uint32, ln(total) float64
	OffSections  = OffLexicons + NumKinds*LexHeader
	SectionEntry = 24 // offset uint64, length uint64, CRC-32 uint32, pad
	HeaderSize   = OffSections + NumSections*SectionEntry
)

// TransPairs are the HMM transitions jieba allows (from, to), in the order
// the header stores them; every other transition is impossible.
var TransPairs = [...][2]int{
	{StateB, StateE}, {StateB, StateM},
	{StateE, StateB}, {StateE, StateS},
	{StateM, StateE}, {StateM, StateM},
	{StateS, StateB}, {StateS, StateS},
}

// CRC is the file's checksum, CRC-32 (IEEE). Castagnoli's CRC-32C would
// do as well, but on amd64 Go builds its tables at the first use, some
// 150 µs of every cold start; the IEEE tables cost a tenth of that, and
// both run in hardware (PCLMULQDQ, the arm64 CRC32 instructions).
func CRC(b []byte) uint32 { return crc32.ChecksumIEEE(b) }

// HeaderChecksum is the CRC of the header with its checksum field read as
// zero.
func HeaderChecksum(header []byte) uint32 {
	c := crc32.Update(0, crc32.IEEETable, header[:OffCRC])
	c = crc32.Update(c, crc32.IEEETable, []byte{0, 0, 0, 0})
	return crc32.Update(c, crc32.IEEETable, header[OffCRC+4:HeaderSize])
}

// LE is the file's byte order.
var LE = binary.LittleEndian

// Node is one double-array slot as the file stores it.
type Node struct {
	Base, Check int32
	LogP        float64 // the word ending here; NaN if none
}

// AlignedCopy copies data into 8-byte aligned memory, which the in-place
// views need (Parse refuses anything else).
func AlignedCopy(data []byte) []byte {
	words := make([]uint64, (len(data)+7)/8+1) // one spare: never empty
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), 8*len(words))
	copy(buf, data)
	return buf[:len(data)]
}

// View reinterprets an aligned byte section as a slice of T, in place.
func View[T any](b []byte) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size)
}

// LittleEndianHost reports whether in-memory views read the file correctly.
func LittleEndianHost() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}
