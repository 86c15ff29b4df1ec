package segdict

import (
	"math"
	"unsafe"
)

// writer lays out the header, the sections Open checks whole, and the
// page-checked sections after them.
type writer struct {
	header  []byte
	small   []byte // sections before the guarded region, from headerSize
	guarded []byte // the guarded region
	where   [numSections]struct {
		guarded bool
		off     int // in small or guarded
		n       int
	}
}

func (w *writer) init(codes int, medianIDF float64, src *Source) {
	w.header = make([]byte, headerSize)
	copy(w.header[offMagic:], Magic)
	le.PutUint32(w.header[offVersion:], Version)
	le.PutUint32(w.header[offHeaderLen:], headerSize)
	le.PutUint32(w.header[offCodes:], uint32(codes))
	le.PutUint64(w.header[offMedianIDF:], math.Float64bits(medianIDF))
	for s := range NumStates {
		le.PutUint64(w.header[offStart+8*s:], math.Float64bits(src.Start[s]))
	}
	for i, p := range transPairs {
		le.PutUint64(w.header[offTrans+8*i:], math.Float64bits(src.Trans[p[0]][p[1]]))
	}
}

func (w *writer) lexiconHeader(k Kind, words, slots int, logTotal float64) {
	h := w.header[offLexicons+lexHeader*int(k):]
	le.PutUint32(h, uint32(words))
	le.PutUint32(h[4:], uint32(slots))
	le.PutUint64(h[8:], math.Float64bits(logTotal))
}

// section appends a section: a small one 64-byte aligned, a guarded one
// page-aligned, so that no trie node straddles two checked pages and a
// node's page is a shift away from its index.
func (w *writer) section(sec int, data []byte) {
	buf, align := &w.small, 64
	if guarded(sec) {
		buf, align = &w.guarded, pageSize
	}
	for len(*buf)%align != 0 {
		*buf = append(*buf, 0)
	}
	w.where[sec].guarded, w.where[sec].off, w.where[sec].n = guarded(sec), len(*buf), len(data)
	*buf = append(*buf, data...)
}

func (w *writer) finish() []byte {
	pages := (len(w.guarded) + pageSize - 1) / pageSize
	pageCRCs := make([]byte, 4*pages)
	for p := range pages {
		le.PutUint32(pageCRCs[4*p:], crc(w.guarded[p*pageSize:min((p+1)*pageSize, len(w.guarded))]))
	}
	w.section(secPageCRCs, pageCRCs)
	smallStart := (headerSize + 63) &^ 63
	guard := (smallStart + len(w.small) + pageSize - 1) &^ (pageSize - 1)
	out := make([]byte, guard+len(w.guarded))
	copy(out[smallStart:], w.small)
	copy(out[guard:], w.guarded)
	copy(out, w.header)
	le.PutUint64(out[offFileSize:], uint64(len(out)))
	le.PutUint64(out[offGuard:], uint64(guard))
	for sec, at := range w.where {
		off := smallStart + at.off
		if at.guarded {
			off = guard + at.off
		}
		e := out[offSections+sectionEntry*sec:]
		le.PutUint64(e, uint64(off))
		le.PutUint64(e[8:], uint64(at.n))
		le.PutUint32(e[16:], crc(out[off:off+at.n]))
	}
	le.PutUint32(out[offCRC:], headerChecksum(out))
	return out
}

// The section encoders write little-endian values; Open refuses to run on a
// big-endian host, so the in-memory views below match the file.

func u16bytes(v []uint16) []byte {
	out := make([]byte, 2*len(v))
	for i, x := range v {
		le.PutUint16(out[2*i:], x)
	}
	return out
}

func i32bytes(v []int32) []byte {
	out := make([]byte, 4*len(v))
	for i, x := range v {
		le.PutUint32(out[4*i:], uint32(x))
	}
	return out
}

// Node is one double-array slot as the file stores it.
type Node struct {
	Base, Check int32
	LogP        float64 // the word ending here; NaN if none
}

func nodeBytes(da *doubleArray, logp []float64) []byte {
	out := make([]byte, 16*len(da.base))
	for i := range da.base {
		lp := math.NaN()
		if v := da.value[i]; v > 0 {
			lp = logp[v-1]
		}
		le.PutUint32(out[16*i:], uint32(da.base[i]))
		le.PutUint32(out[16*i+4:], uint32(da.check[i]))
		le.PutUint64(out[16*i+8:], math.Float64bits(lp))
	}
	return out
}

func f32bytes(v []float32) []byte {
	out := make([]byte, 4*len(v))
	for i, x := range v {
		le.PutUint32(out[4*i:], math.Float32bits(x))
	}
	return out
}

func f64bytes(v []float64) []byte {
	out := make([]byte, 8*len(v))
	for i, x := range v {
		le.PutUint64(out[8*i:], math.Float64bits(x))
	}
	return out
}

func joinNames(names []string) []byte {
	var out []byte
	for i, n := range names {
		if i > 0 {
			out = append(out, 0)
		}
		out = append(out, n...)
	}
	return out
}

// alignedCopy copies data into 8-byte aligned memory, which the in-place
// views need (Parse refuses anything else).
func alignedCopy(data []byte) []byte {
	words := make([]uint64, (len(data)+7)/8+1) // one spare: never empty
	buf := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), 8*len(words))
	copy(buf, data)
	return buf[:len(data)]
}

// view reinterprets an aligned byte section as a slice of T, in place.
func view[T any](b []byte) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&b[0])), len(b)/size)
}

// littleEndianHost reports whether in-memory views read the file correctly.
func littleEndianHost() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}
