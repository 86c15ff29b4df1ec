// Package segdict is the segmenter's compiled dictionary: one versioned,
// checksummed file that a process maps into memory and uses in place, with
// no parsing. It holds two lexicons over one rune code space:
//
//   - Jieba: jieba's word list exactly as gse ships it, for output
//     identical to jieba 0.42.1;
//   - Standard: the same words with traditional characters and full-width
//     forms folded onto their simplified and ASCII twins, placeholder
//     phrases removed (see standard.go), for the default style.
//
// Each lexicon is a double-array trie over the words, each word's log
// probability, POS tag and IDF, and a rune → code table; the HMM tables for
// unknown words are shared.
//
// Layout (all little-endian):
//
//	header    magic, version, sizes, CRC-32 of the header itself, scalars,
//	          per-lexicon scalars, and (offset, length, CRC-32) per section
//	checked at Open (small):
//	  pageCRCs  uint32 per 4 KiB page of the guarded region below
//	  posNames  NUL-separated tag names
//	  per lexicon:
//	    pages   uint16[0x1100]     rune>>8 → block number+1 (0: no block)
//	    blocks  uint16[256·n]      rune&255 within its block → code (0: unknown)
//	    flags   uint8[codes]       per code: FlagFunction, …
//	guarded (large; each page is checked the first time it is read):
//	  emit      float64[codes·4]   HMM emission log-probabilities, code-major
//	                               (a character's four states share a line)
//	  per lexicon:
//	    nodes   {base, check int32; logp float64}[slots]
//	                               double-array trie over codes; logp is the
//	                               log-probability of the word ending at the
//	                               slot (NaN if none), beside the transition
//	                               so that the segmenter's inner loop reads
//	                               one cache line per character
//	    value   int32[slots]       key id+1 of the key ending at a slot, or 0
//	    logp    float64[words]     ln(freq/total); NaN for keys that are not words
//	    pos     uint8[words]       index into posNames
//	    idf     float32[words]     NaN when the word has no IDF
//
// Why two kinds of checks: checksumming the whole 40 MB file at every cold
// start cost more CPU than everything else at init and pulled every page
// into memory. Open checks what it reads (the header, the small tables) and
// the structure that keeps lookups in bounds; every page of the large
// sections carries its own CRC-32, verified when a lookup first reads that
// page, so a corrupt page panics with a *CorruptError instead of answering.
// Verify checks everything at once; the build runs it on every file it
// writes, and `go run ./cmd/seg -verify` runs it on demand.
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

// Kind names one of the file's lexicons.
type Kind int

const (
	// Jieba is jieba's own word list and frequencies.
	Jieba Kind = iota
	// Standard is the folded, cleaned lexicon of the default style.
	Standard
)

// numKinds is the number of lexicons in a file.
const numKinds = 2

func (k Kind) String() string {
	if k == Jieba {
		return "jieba"
	}
	return "standard"
}

// Code flags (the flags section), from the dictionary's own POS tags.
const (
	// FlagFunction marks a character that is a function word on its own
	// (a pronoun, preposition, conjunction, particle, adverb, numeral,
	// classifier, direction word, modal or interjection): the HMM must not
	// glue it into a new word.
	FlagFunction = 1 << iota
)

const numPages = 0x110000 >> 8

// pageShift: the guarded region is checked in pages of 4 KiB.
const pageShift = 12
const pageSize = 1 << pageShift

// Sections, in file order. The per-lexicon ones repeat for each Kind at
// lexSection(kind, sec).
const (
	secPageCRCs = iota
	secPOSNames
	secEmit
	numShared
)

const (
	lexPages = iota
	lexBlocks
	lexFlags
	lexNodes
	lexValue
	lexLogP
	lexPOS
	lexIDF
	numLexSections
)

const numSections = numShared + numKinds*numLexSections

func lexSection(k Kind, sec int) int { return numShared + int(k)*numLexSections + sec }

// guarded reports whether a section lies in the page-checked region.
func guarded(sec int) bool {
	if sec < numShared {
		return sec == secEmit
	}
	return (sec-numShared)%numLexSections >= lexNodes
}

// Header field offsets.
const (
	offMagic     = 0
	offVersion   = 8  // uint32
	offHeaderLen = 12 // uint32
	offFileSize  = 16 // uint64
	offCRC       = 24 // uint32: CRC-32 of the header, this field read as 0
	offCodes     = 28 // uint32: rune codes, 0 (unknown) included
	offGuard     = 32 // uint64: where the guarded region starts (page aligned)
	offMedianIDF = 40 // float64: the IDF of a word the table lacks
	offStart     = 48 // float64[NumStates]: HMM start log-probabilities
	offTrans     = 80 // float64[len(transPairs)]: HMM transitions
	offLexicons  = 144
	lexHeader    = 16 // per lexicon: words uint32, slots uint32, ln(total) float64
	offSections  = offLexicons + numKinds*lexHeader
	sectionEntry = 24 // offset uint64, length uint64, CRC-32 uint32, pad
	headerSize   = offSections + numSections*sectionEntry
)

// transPairs are the HMM transitions jieba allows (from, to), in the order
// the header stores them; every other transition is impossible.
var transPairs = [...][2]int{
	{StateB, StateE}, {StateB, StateM},
	{StateE, StateB}, {StateE, StateS},
	{StateM, StateE}, {StateM, StateM},
	{StateS, StateB}, {StateS, StateS},
}

// crc is the file's checksum, CRC-32 (IEEE). Castagnoli's CRC-32C would
// do as well, but on amd64 Go builds its tables at the first use, some
// 150 µs of every cold start; the IEEE tables cost a tenth of that, and
// both run in hardware (PCLMULQDQ, the arm64 CRC32 instructions).
func crc(b []byte) uint32 { return crc32.ChecksumIEEE(b) }

// headerChecksum is the CRC of the header with its checksum field read as
// zero.
func headerChecksum(header []byte) uint32 {
	c := crc32.Update(0, crc32.IEEETable, header[:offCRC])
	c = crc32.Update(c, crc32.IEEETable, []byte{0, 0, 0, 0})
	return crc32.Update(c, crc32.IEEETable, header[offCRC+4:headerSize])
}

var le = binary.LittleEndian

// ErrFormat wraps every reason a file is refused.
var ErrFormat = errors.New("invalid compiled dictionary")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

// CorruptError is what a lookup panics with when a page of the dictionary
// no longer matches its checksum: the file changed after it was built.
type CorruptError struct {
	Offset int64 // the page's offset in the file
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%v: the page at byte %d fails its checksum: the file is corrupt, rebuild it", ErrFormat, e.Offset)
}

// Unwrap makes errors.Is(err, ErrFormat) hold.
func (e *CorruptError) Unwrap() error { return ErrFormat }

func f64(b []byte) float64 { return math.Float64frombits(le.Uint64(b)) }
