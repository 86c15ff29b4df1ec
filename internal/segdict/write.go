package segdict

import (
	"math"
	"unsafe"
)

// writer lays out the header and the 8-byte aligned sections.
type writer struct{ buf []byte }

func (w *writer) header(words, codes, slots int, logTotal, medianIDF float64, src *Source) {
	w.buf = make([]byte, headerSize)
	copy(w.buf[offMagic:], Magic)
	le.PutUint32(w.buf[offVersion:], Version)
	le.PutUint32(w.buf[offHeaderLen:], headerSize)
	le.PutUint32(w.buf[offWords:], uint32(words))
	le.PutUint32(w.buf[offCodes:], uint32(codes))
	le.PutUint32(w.buf[offSlots:], uint32(slots))
	le.PutUint64(w.buf[offLogTotal:], math.Float64bits(logTotal))
	le.PutUint64(w.buf[offMedianIDF:], math.Float64bits(medianIDF))
	for s := range NumStates {
		le.PutUint64(w.buf[offStart+8*s:], math.Float64bits(src.Start[s]))
	}
	for i, p := range transPairs {
		le.PutUint64(w.buf[offTrans+8*i:], math.Float64bits(src.Trans[p[0]][p[1]]))
	}
}

func (w *writer) section(sec int, data []byte) {
	for len(w.buf)%8 != 0 {
		w.buf = append(w.buf, 0)
	}
	le.PutUint64(w.buf[offSections+16*sec:], uint64(len(w.buf)))
	le.PutUint64(w.buf[offSections+16*sec+8:], uint64(len(data)))
	w.buf = append(w.buf, data...)
}

func (w *writer) finish() []byte {
	for len(w.buf)%8 != 0 {
		w.buf = append(w.buf, 0)
	}
	le.PutUint64(w.buf[offFileSize:], uint64(len(w.buf)))
	le.PutUint32(w.buf[offCRC:], checksum(w.buf))
	return w.buf
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
