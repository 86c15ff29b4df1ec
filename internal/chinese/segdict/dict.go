package segdict

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"cloudtools/internal/chinese/mapped"
	ff "cloudtools/internal/chinese/segdict/internal/fileformat"
)

// Dict is a compiled dictionary in use. It only reads its memory, so one
// Dict serves any number of goroutines.
type Dict struct {
	data  []byte
	unmap func() error

	// The guarded region: data[guard:], checked a page at a time.
	guard    int
	pageCRCs []uint32
	checked  []atomic.Uint64 // bit p: page p matched its CRC

	lex       [ff.NumKinds]Lexicon
	posNames  []string
	emit      []float64
	emitOff   int // emit's offset in the guarded region
	numCodes  int
	medianIDF float64
	start     [NumStates]float64
	trans     [NumStates][NumStates]float64
	sections  [ff.NumSections][]byte
	crcs      [ff.NumSections]uint32
}

// Lexicon is one of the dictionary's word lists with its trie and rune
// codes. Its methods are safe for concurrent use.
type Lexicon struct {
	d             *Dict
	kind          Kind
	pages, blocks []uint16
	flags         []uint8
	nodes         []ff.Node
	value         []int32
	logp          []float64
	pos           []uint8
	idf           []float32
	logTotal      float64
	// tables checks the small tables on the lexicon's first use.
	tables func() error
	// Offsets of the guarded sections in the guarded region.
	nodesOff, valueOff, logpOff, posOff, idfOff int
	// The trie's first page (its section is page-aligned: node t is on
	// page nodesPage + t/256) and the dictionary's bitmap of checked
	// pages, kept here for Step.
	nodesPage int
	checked   []atomic.Uint64
}

// Open maps the compiled dictionary at path and checks its header, its
// small tables and its structure: a missing, truncated, foreign,
// other-version or inconsistent file is an error here. The large sections
// are checked a page at a time as lookups first read them (see the package
// comment); Verify checks them all at once.
func Open(path string) (*Dict, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open dictionary: %w", err)
	}
	defer f.Close()
	data, unmap, err := mapped.Map(f)
	if errors.Is(err, mapped.ErrEmpty) {
		err = fmt.Errorf("%w: %w", ErrFormat, err)
	}
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

// Parse checks data's header, small tables and structure (see Open) and
// uses it in place; data must stay unchanged while the Dict is in use and
// be 8-byte aligned.
func Parse(data []byte) (*Dict, error) {
	if !ff.LittleEndianHost() {
		return nil, formatErr("this host is big-endian; the format is little-endian")
	}
	if len(data) < ff.HeaderSize {
		return nil, formatErr("%d bytes is shorter than the %d-byte header (truncated?)", len(data), ff.HeaderSize)
	}
	if uintptr(unsafe.Pointer(&data[0]))%8 != 0 {
		return nil, formatErr("data is not 8-byte aligned")
	}
	if string(data[ff.OffMagic:ff.OffMagic+len(Magic)]) != Magic {
		return nil, formatErr("not a compiled dictionary (bad magic)")
	}
	if v := ff.LE.Uint32(data[ff.OffVersion:]); v != Version {
		return nil, formatErr("format version %d, this program reads version %d: rebuild the dictionary", v, Version)
	}
	if h := ff.LE.Uint32(data[ff.OffHeaderLen:]); h != ff.HeaderSize {
		return nil, formatErr("header of %d bytes, want %d", h, ff.HeaderSize)
	}
	if n := ff.LE.Uint64(data[ff.OffFileSize:]); n != uint64(len(data)) {
		return nil, formatErr("file has %d bytes, its header says %d (truncated?)", len(data), n)
	}
	if got, want := ff.HeaderChecksum(data), ff.LE.Uint32(data[ff.OffCRC:]); got != want {
		return nil, formatErr("header checksum mismatch (%08x, header says %08x): the file is corrupt", got, want)
	}
	d := &Dict{data: data}
	d.numCodes = int(ff.LE.Uint32(data[ff.OffCodes:]))
	d.medianIDF = f64(data[ff.OffMedianIDF:])
	guard := ff.LE.Uint64(data[ff.OffGuard:])
	if guard%ff.PageSize != 0 || guard < ff.HeaderSize || guard > uint64(len(data)) {
		return nil, formatErr("ff.Guarded region at %d", guard)
	}
	d.guard = int(guard)
	for s := range NumStates {
		d.start[s] = f64(data[ff.OffStart+8*s:])
		for t := range NumStates {
			d.trans[s][t] = MinLogProb
		}
	}
	for i, p := range ff.TransPairs {
		d.trans[p[0]][p[1]] = f64(data[ff.OffTrans+8*i:])
	}
	if d.numCodes < 1 || d.numCodes > math.MaxUint16 {
		return nil, formatErr("%d rune codes", d.numCodes)
	}

	var words, slots [ff.NumKinds]int
	for k := range ff.NumKinds {
		h := data[ff.OffLexicons+ff.LexHeader*k:]
		words[k], slots[k] = int(ff.LE.Uint32(h)), int(ff.LE.Uint32(h[4:]))
		d.lex[k].logTotal = f64(h[8:])
	}
	pages := (len(data) - d.guard + ff.PageSize - 1) / ff.PageSize
	wantLen := func(sec int) int {
		switch sec {
		case ff.SecPageCRCs:
			return 4 * pages
		case ff.SecEmit:
			return 8 * NumStates * d.numCodes
		case ff.SecPOSNames:
			return -1
		}
		k := (sec - ff.NumShared) / ff.NumLexSections
		switch (sec - ff.NumShared) % ff.NumLexSections {
		case ff.LexPages:
			return 2 * ff.NumPages
		case ff.LexFlags:
			return d.numCodes
		case ff.LexNodes:
			return 16 * slots[k]
		case ff.LexValue:
			return 4 * slots[k]
		case ff.LexLogP:
			return 8 * words[k]
		case ff.LexPOS:
			return words[k]
		case ff.LexIDF:
			return 4 * words[k]
		}
		return -1 // blocks: any whole number of blocks
	}
	for i := range ff.NumSections {
		e := data[ff.OffSections+ff.SectionEntry*i:]
		off, n := ff.LE.Uint64(e), ff.LE.Uint64(e[8:])
		if off%8 != 0 || off < ff.HeaderSize || off > uint64(len(data)) || n > uint64(len(data))-off {
			return nil, formatErr("section %d out of bounds", i)
		}
		if ff.Guarded(i) != (off >= guard) || !ff.Guarded(i) && off+n > guard {
			return nil, formatErr("section %d on the wrong side of the ff.Guarded region", i)
		}
		if w := wantLen(i); w >= 0 && n != uint64(w) {
			return nil, formatErr("section %d has %d bytes, want %d", i, n, w)
		}
		d.sections[i] = data[off : off+n]
		d.crcs[i] = ff.LE.Uint32(e[16:])
	}
	// The shared small tables now; each lexicon's own on its first use
	// (Dict.Lexicon), so a process that serves one style reads one.
	// The page checksums themselves are not checked here: a damaged one
	// makes its page fail, a false alarm, never a wrong answer.
	if err := d.checkSection(ff.SecPOSNames); err != nil {
		return nil, err
	}
	d.pageCRCs = ff.View[uint32](d.sections[ff.SecPageCRCs])
	d.checked = make([]atomic.Uint64, (pages+63)/64)
	d.posNames = strings.Split(string(d.sections[ff.SecPOSNames]), "\x00")
	if len(d.posNames) > 256 {
		return nil, formatErr("%d POS tags", len(d.posNames))
	}
	d.emit = ff.View[float64](d.sections[ff.SecEmit])
	d.emitOff = d.offset(ff.SecEmit)
	for k := range ff.NumKinds {
		l := &d.lex[k]
		l.d, l.kind = d, Kind(k)
		sec := func(s int) []byte { return d.sections[ff.LexSection(k, s)] }
		if len(sec(ff.LexBlocks))%512 != 0 {
			return nil, formatErr("%v: rune blocks of %d bytes", k, len(sec(ff.LexBlocks)))
		}
		l.pages = ff.View[uint16](sec(ff.LexPages))
		l.blocks = ff.View[uint16](sec(ff.LexBlocks))
		l.flags = sec(ff.LexFlags)
		l.nodes = ff.View[ff.Node](sec(ff.LexNodes))
		l.value = ff.View[int32](sec(ff.LexValue))
		l.logp = ff.View[float64](sec(ff.LexLogP))
		l.pos = sec(ff.LexPOS)
		l.idf = ff.View[float32](sec(ff.LexIDF))
		l.nodesOff = d.offset(ff.LexSection(k, ff.LexNodes))
		l.valueOff = d.offset(ff.LexSection(k, ff.LexValue))
		l.logpOff = d.offset(ff.LexSection(k, ff.LexLogP))
		l.posOff = d.offset(ff.LexSection(k, ff.LexPOS))
		l.idfOff = d.offset(ff.LexSection(k, ff.LexIDF))
		if l.nodesOff%ff.PageSize != 0 {
			return nil, formatErr("%v: trie not page-aligned", Kind(k))
		}
		l.nodesPage, l.checked = l.nodesOff>>ff.PageShift, d.checked
		if len(l.nodes) == 0 {
			return nil, formatErr("%v: empty trie", l.kind)
		}
		if math.IsNaN(l.logTotal) || l.logTotal <= 0 {
			return nil, formatErr("%v: total frequency %v", l.kind, l.logTotal)
		}
		l.tables = sync.OnceValue(l.checkTables)
	}
	return d, nil
}

func (d *Dict) checkSection(i int) error {
	if ff.CRC(d.sections[i]) != d.crcs[i] {
		return formatErr("section %d fails its checksum: the file is corrupt", i)
	}
	return nil
}

// checkTables checks the lexicon's small tables (its rune → code map and
// code flags) and its trie's root page.
func (l *Lexicon) checkTables() error {
	for _, s := range []int{ff.LexPages, ff.LexBlocks, ff.LexFlags} {
		if err := l.d.checkSection(ff.LexSection(int(l.kind), s)); err != nil {
			return err
		}
	}
	if err := l.validateTables(); err != nil {
		return err
	}
	if !l.d.pageOK(l.nodesOff >> ff.PageShift) {
		return formatErr("%v: the trie's root page fails its checksum: the file is corrupt", l.kind)
	}
	return nil
}

// offset is section sec's offset in the guarded region.
func (d *Dict) offset(sec int) int {
	return int(ff.LE.Uint64(d.data[ff.OffSections+ff.SectionEntry*sec:])) - d.guard
}

// validateTables checks the invariants of the small tables that Open reads
// whole: every code a rune maps to is in range.
func (l *Lexicon) validateTables() error {
	nblocks := len(l.blocks) / 256
	for _, p := range l.pages {
		if int(p) > nblocks {
			return formatErr("%v: rune page points past the blocks", l.kind)
		}
	}
	for _, c := range l.blocks {
		if int(c) >= l.d.numCodes {
			return formatErr("%v: rune code %d out of range", l.kind, c)
		}
	}
	return nil
}

// validateContent checks the invariants of the large sections, which Open
// leaves to the page checks (Verify runs it).
func (l *Lexicon) validateContent() error {
	for i, v := range l.value {
		if v < 0 || int(v) > len(l.logp) {
			return formatErr("%v: trie slot %d holds word %d of %d", l.kind, i, v, len(l.logp))
		}
	}
	for _, p := range l.pos {
		if int(p) >= len(l.d.posNames) {
			return formatErr("%v: POS tag %d out of range", l.kind, p)
		}
	}
	return nil
}

// Verify checks the whole file: every section's and every page's checksum
// and the structure of the large sections. A Dict that passes answers every
// lookup from the bytes the compiler wrote.
func (d *Dict) Verify() error {
	for k := range d.lex {
		if _, err := d.Lexicon(Kind(k)); err != nil {
			return err
		}
	}
	for p := range d.pageCRCs {
		if !d.pageOK(p) {
			return &CorruptError{Offset: int64(d.guard + p*ff.PageSize)}
		}
	}
	for i := range d.sections {
		if err := d.checkSection(i); err != nil {
			return err
		}
	}
	for k := range d.lex {
		if err := d.lex[k].validateContent(); err != nil {
			return err
		}
	}
	return nil
}

// pageOK checks page p of the guarded region and remembers a match.
func (d *Dict) pageOK(p int) bool {
	lo := d.guard + p*ff.PageSize
	hi := min(lo+ff.PageSize, len(d.data))
	if ff.CRC(d.data[lo:hi]) != d.pageCRCs[p] {
		return false
	}
	d.checked[p>>6].Or(1 << (p & 63))
	return true
}

// touch makes sure the page holding byte off of the guarded region has
// been checked, and panics with a *CorruptError if it fails.
func (d *Dict) touch(off int) {
	if p := off >> ff.PageShift; !isChecked(d.checked, p) {
		d.checkPage(p)
	}
}

// isChecked reports whether page p's bit is set in checked.
func isChecked(checked []atomic.Uint64, p int) bool {
	return checked[p>>6].Load()&(1<<(p&63)) != 0
}

// checkPage checks page p, the slow path of touch and Step.
//
//go:noinline
func (d *Dict) checkPage(p int) {
	if !d.pageOK(p) {
		panic(&CorruptError{Offset: int64(d.guard + p*ff.PageSize)})
	}
}

// Lexicon is the word list of kind k. Its small tables are checked on the
// first call: a corrupt one is an error here, as at Open.
func (d *Dict) Lexicon(k Kind) (*Lexicon, error) {
	l := &d.lex[k]
	if err := l.tables(); err != nil {
		return nil, err
	}
	return l, nil
}

// Size is the file's size in bytes.
func (d *Dict) Size() int { return len(d.data) }

// NumCodes is the number of rune codes, 0 (unknown) included.
func (d *Dict) NumCodes() int { return d.numCodes }

// Emit is the HMM log-probability that state emits the rune of code.
func (d *Dict) Emit(state int, code int32) float64 {
	i := int(code)*NumStates + state
	d.touch(d.emitOff + 8*i)
	return d.emit[i]
}

// Start is the HMM log-probability of starting in state.
func (d *Dict) Start(state int) float64 { return d.start[state] }

// Trans is the HMM log-probability of moving between states; MinLogProb
// when jieba's model forbids it.
func (d *Dict) Trans(from, to int) float64 { return d.trans[from][to] }

// Kind is which of the file's lexicons l is.
func (l *Lexicon) Kind() Kind { return l.kind }

// Dict is the file l belongs to.
func (l *Lexicon) Dict() *Dict { return l.d }

// Words is the number of keys (words, and IDF-only entries).
func (l *Lexicon) Words() int { return len(l.logp) }

// Code is r's code in the trie, or 0 when no key uses r. In the Standard
// lexicon a traditional or full-width rune has its simplified or ASCII
// twin's code.
func (l *Lexicon) Code(r rune) int32 {
	if r < 0 || r > utf8.MaxRune {
		return 0
	}
	p := l.pages[r>>8]
	if p == 0 {
		return 0
	}
	return int32(l.blocks[int(p-1)<<8|int(r&0xff)])
}

// Flags are code's FlagFunction and other flags.
func (l *Lexicon) Flags(code int32) uint8 { return l.flags[code] }

// Root is the trie's root node.
const Root int32 = 0

// Next follows code from node; ok is false when no key continues that way.
func (l *Lexicon) Next(node, code int32) (int32, bool) {
	t, _, ok := l.Step(node, code)
	return t, ok
}

// Step is Next for the segmenter's inner loop: it also returns the
// log-probability of the word ending at the new node, NaN if none.
func (l *Lexicon) Step(node, code int32) (next int32, logp float64, ok bool) {
	// node's own page was checked when a step reached it (the root's by
	// Parse).
	t := l.nodes[node].Base + code
	if t <= 0 || int(t) >= len(l.nodes) || code <= 0 {
		return 0, 0, false
	}
	if p := l.nodesPage + int(t)>>(ff.PageShift-4); !isChecked(l.checked, p) {
		l.d.checkPage(p)
	}
	n := &l.nodes[t]
	if n.Check != node {
		return 0, 0, false
	}
	return t, n.LogP, true
}

// NodeOffset is the file offset of node, for tests that damage a page.
func (l *Lexicon) NodeOffset(node int32) (int, bool) {
	if node < 0 || int(node) >= len(l.nodes) {
		return 0, false
	}
	return l.d.guard + l.nodesOff + 16*int(node), true
}

// Key returns the id of the key ending at node.
func (l *Lexicon) Key(node int32) (id int32, ok bool) {
	l.d.touch(l.valueOff + 4*int(node))
	v := l.value[node]
	return v - 1, v > 0
}

// Lookup finds word's key id.
func (l *Lexicon) Lookup(word string) (id int32, ok bool) {
	node := Root
	for _, r := range word {
		if node, ok = l.Next(node, l.Code(r)); !ok {
			return 0, false
		}
	}
	return l.Key(node)
}

// IsWord reports whether word is a word to segment (a key with a
// frequency above 0).
func (l *Lexicon) IsWord(word string) bool {
	node, lp := Root, math.NaN()
	for _, r := range word {
		var ok bool
		if node, lp, ok = l.Step(node, l.Code(r)); !ok {
			return false
		}
	}
	return lp == lp
}

// LogProb is ln(freq/total) of key id; ok is false when the key is not a
// word to segment (frequency 0, such as an IDF-only entry).
func (l *Lexicon) LogProb(id int32) (lp float64, ok bool) {
	l.d.touch(l.logpOff + 8*int(id))
	lp = l.logp[id]
	return lp, !math.IsNaN(lp)
}

// UnknownLogProb is the log-probability jieba gives a character that is not
// a word: that of frequency 1.
func (l *Lexicon) UnknownLogProb() float64 { return -l.logTotal }

// POS is key id's part-of-speech tag ("" when the dictionary has none).
func (l *Lexicon) POS(id int32) string {
	l.d.touch(l.posOff + int(id))
	return l.d.posNames[l.pos[id]]
}

// IDF is key id's inverse document frequency, or the table's median for a
// word without one (jieba's default).
func (l *Lexicon) IDF(id int32) float64 {
	l.d.touch(l.idfOff + 4*int(id))
	v := l.idf[id]
	if v != v { // NaN
		return l.d.medianIDF
	}
	return float64(v)
}

// MedianIDF is the IDF of words the dictionary does not know.
func (l *Lexicon) MedianIDF() float64 { return l.d.medianIDF }

// VerifyBytes parses a compiled dictionary held in memory (as the compiler
// returns it) and verifies it whole.
func VerifyBytes(data []byte) error {
	d, err := Parse(ff.AlignedCopy(data))
	if err != nil {
		return err
	}
	return d.Verify()
}

// CheckedPages is how many pages of the large sections lookups have read
// (and checked) so far: what a cold start costs in page faults.
func (d *Dict) CheckedPages() int {
	n := 0
	for i := range d.checked {
		n += bits.OnesCount64(d.checked[i].Load())
	}
	return n
}
