package dictcompile

import (
	"math"

	"cloudtools/internal/chinese/segdict"
	ff "cloudtools/internal/chinese/segdict/internal/fileformat"
)

// writer lays out the header, the sections Open checks whole, and the
// page-checked sections after them.
type writer struct {
	header  []byte
	small   []byte // sections before the guarded region, from headerSize
	guarded []byte // the guarded region
	where   [ff.NumSections]struct {
		guarded bool
		off     int // in small or guarded
		n       int
	}
}

func (w *writer) init(codes int, medianIDF float64, src *Source) {
	w.header = make([]byte, ff.HeaderSize)
	copy(w.header[ff.OffMagic:], ff.Magic)
	ff.LE.PutUint32(w.header[ff.OffVersion:], ff.Version)
	ff.LE.PutUint32(w.header[ff.OffHeaderLen:], ff.HeaderSize)
	ff.LE.PutUint32(w.header[ff.OffCodes:], uint32(codes))
	ff.LE.PutUint64(w.header[ff.OffMedianIDF:], math.Float64bits(medianIDF))
	for s := range ff.NumStates {
		ff.LE.PutUint64(w.header[ff.OffStart+8*s:], math.Float64bits(src.Start[s]))
	}
	for i, p := range ff.TransPairs {
		ff.LE.PutUint64(w.header[ff.OffTrans+8*i:], math.Float64bits(src.Trans[p[0]][p[1]]))
	}
}

func (w *writer) lexiconHeader(k segdict.Kind, words, slots int, logTotal float64) {
	h := w.header[ff.OffLexicons+ff.LexHeader*int(k):]
	ff.LE.PutUint32(h, uint32(words))
	ff.LE.PutUint32(h[4:], uint32(slots))
	ff.LE.PutUint64(h[8:], math.Float64bits(logTotal))
}

// section appends a section: a small one 64-byte aligned, a guarded one
// page-aligned, so that no trie node straddles two checked pages and a
// node's page is a shift away from its index.
func (w *writer) section(sec int, data []byte) {
	buf, align := &w.small, 64
	if ff.Guarded(sec) {
		buf, align = &w.guarded, ff.PageSize
	}
	for len(*buf)%align != 0 {
		*buf = append(*buf, 0)
	}
	w.where[sec].guarded, w.where[sec].off, w.where[sec].n = ff.Guarded(sec), len(*buf), len(data)
	*buf = append(*buf, data...)
}

func (w *writer) finish() []byte {
	pages := (len(w.guarded) + ff.PageSize - 1) / ff.PageSize
	pageCRCs := make([]byte, 4*pages)
	for p := range pages {
		ff.LE.PutUint32(pageCRCs[4*p:], ff.CRC(w.guarded[p*ff.PageSize:min((p+1)*ff.PageSize, len(w.guarded))]))
	}
	w.section(ff.SecPageCRCs, pageCRCs)
	smallStart := (ff.HeaderSize + 63) &^ 63
	guard := (smallStart + len(w.small) + ff.PageSize - 1) &^ (ff.PageSize - 1)
	out := make([]byte, guard+len(w.guarded))
	copy(out[smallStart:], w.small)
	copy(out[guard:], w.guarded)
	copy(out, w.header)
	ff.LE.PutUint64(out[ff.OffFileSize:], uint64(len(out)))
	ff.LE.PutUint64(out[ff.OffGuard:], uint64(guard))
	for sec, at := range w.where {
		off := smallStart + at.off
		if at.guarded {
			off = guard + at.off
		}
		e := out[ff.OffSections+ff.SectionEntry*sec:]
		ff.LE.PutUint64(e, uint64(off))
		ff.LE.PutUint64(e[8:], uint64(at.n))
		ff.LE.PutUint32(e[16:], ff.CRC(out[off:off+at.n]))
	}
	ff.LE.PutUint32(out[ff.OffCRC:], ff.HeaderChecksum(out))
	return out
}

// The section encoders write little-endian values; Open refuses to run on a
// big-endian host, so the in-memory views below match the file.

func u16bytes(v []uint16) []byte {
	out := make([]byte, 2*len(v))
	for i, x := range v {
		ff.LE.PutUint16(out[2*i:], x)
	}
	return out
}

func i32bytes(v []int32) []byte {
	out := make([]byte, 4*len(v))
	for i, x := range v {
		ff.LE.PutUint32(out[4*i:], uint32(x))
	}
	return out
}

func nodeBytes(da *doubleArray, logp []float64) []byte {
	out := make([]byte, 16*len(da.base))
	for i := range da.base {
		lp := math.NaN()
		if v := da.value[i]; v > 0 {
			lp = logp[v-1]
		}
		ff.LE.PutUint32(out[16*i:], uint32(da.base[i]))
		ff.LE.PutUint32(out[16*i+4:], uint32(da.check[i]))
		ff.LE.PutUint64(out[16*i+8:], math.Float64bits(lp))
	}
	return out
}

func f32bytes(v []float32) []byte {
	out := make([]byte, 4*len(v))
	for i, x := range v {
		ff.LE.PutUint32(out[4*i:], math.Float32bits(x))
	}
	return out
}

func f64bytes(v []float64) []byte {
	out := make([]byte, 8*len(v))
	for i, x := range v {
		ff.LE.PutUint64(out[8*i:], math.Float64bits(x))
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
