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
	"errors"
	"fmt"
	"math"

	ff "cloudtools/internal/chinese/segdict/internal/fileformat"
)

// The format's constants a reader of the dictionary needs.
const (
	Magic      = ff.Magic
	Version    = ff.Version
	MinLogProb = ff.MinLogProb // jieba's MIN_FLOAT: the log-probability of an unseen event
	// FlagFunction (Lexicon.Flags) marks a character that is a function
	// word on its own: the HMM must not glue it into a new word.
	FlagFunction = ff.FlagFunction
)

// HMM states, in jieba's order of the emission tables.
const (
	StateB    = ff.StateB // begins a word
	StateM    = ff.StateM // inside a word
	StateE    = ff.StateE // ends a word
	StateS    = ff.StateS // a single-character word
	NumStates = ff.NumStates
)

// Kind names one of the file's lexicons.
type Kind int

const (
	// Jieba is jieba's own word list and frequencies.
	Jieba Kind = iota
	// Standard is the folded, cleaned lexicon of the default style.
	Standard
)

func (k Kind) String() string {
	if k == Jieba {
		return "jieba"
	}
	return "standard"
}

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

func f64(b []byte) float64 { return math.Float64frombits(ff.LE.Uint64(b)) }
