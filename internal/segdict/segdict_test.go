package segdict

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"
)

// smallSource is a hand-made dictionary: a few words sharing prefixes, a
// prefix-only key, a later duplicate, an IDF-only word and an HMM table.
func smallSource() *Source {
	src := &Source{
		Words: []Entry{
			{"北京", 100, "ns"}, {"北京大学", 50, "nt"}, {"大学", 200, "n"}, {"北", 10, "f"},
			{"学", 30, "v"}, {"清华", 0, ""}, {"大学", 300, "n"}, {"😀", 1, "x"}, {"abc", 5, "eng"},
		},
		IDF: map[string]float64{"北京": 5.5, "大学": 3.25, "只有IDF": 9},
	}
	for s := range NumStates {
		src.Start[s] = -float64(s + 1)
		for t := range NumStates {
			src.Trans[s][t] = MinLogProb
		}
		src.Emit[s] = map[rune]float64{'北': -float64(s) - 0.5, '龘': -7}
	}
	for _, p := range transPairs {
		src.Trans[p[0]][p[1]] = -0.25 * float64(p[0]+p[1]+1)
	}
	return src
}

func compileSmall(t *testing.T) (*Dict, []byte) {
	t.Helper()
	data, err := Compile(smallSource())
	if err != nil {
		t.Fatal(err)
	}
	d, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return d, data
}

func TestRoundTrip(t *testing.T) {
	d, _ := compileSmall(t)
	total := 100.0 + 50 + 300 + 10 + 30 + 1 + 5 // the later 大学 replaces the first
	tests := []struct {
		word   string
		isWord bool
		freq   float64
		pos    string
		idf    float64 // 0: the median
	}{
		{"北京", true, 100, "ns", 5.5},
		{"北京大学", true, 50, "nt", 0},
		{"大学", true, 300, "n", 3.25},
		{"北", true, 10, "f", 0},
		{"学", true, 30, "v", 0},
		{"清华", false, 0, "", 0},
		{"😀", true, 1, "x", 0},
		{"abc", true, 5, "eng", 0},
		{"只有IDF", false, 0, "", 9},
	}
	for _, tc := range tests {
		id, ok := d.Lookup(tc.word)
		if !ok {
			t.Fatalf("%s: not found", tc.word)
		}
		lp, isWord := d.LogProb(id)
		if isWord != tc.isWord {
			t.Errorf("%s: word %v, want %v", tc.word, isWord, tc.isWord)
		}
		if isWord && math.Abs(lp-math.Log(tc.freq/total)) > 1e-12 {
			t.Errorf("%s: log-probability %v, want ln(%v/%v)", tc.word, lp, tc.freq, total)
		}
		if d.POS(id) != tc.pos {
			t.Errorf("%s: POS %q, want %q", tc.word, d.POS(id), tc.pos)
		}
		want := tc.idf
		if want == 0 {
			want = d.MedianIDF()
		}
		if d.IDF(id) != want {
			t.Errorf("%s: IDF %v, want %v", tc.word, d.IDF(id), want)
		}
	}
	if d.MedianIDF() != 5.5 {
		t.Errorf("median IDF %v, want 5.5", d.MedianIDF())
	}
	for _, w := range []string{"", "京", "北京大", "大学生", "abcd", "ab", "南"} {
		if id, ok := d.Lookup(w); ok {
			if _, word := d.LogProb(id); word || w != "北京大" {
				t.Errorf("%q found as key %d", w, id)
			}
		}
	}
	if math.Abs(d.UnknownLogProb()+math.Log(total)) > 1e-12 {
		t.Errorf("unknown log-probability %v", d.UnknownLogProb())
	}
	src := smallSource()
	for s := range NumStates {
		if d.Start(s) != src.Start[s] || d.Emit(s, d.Code('北')) != src.Emit[s]['北'] || d.Emit(s, d.Code('龘')) != -7 {
			t.Errorf("state %d: HMM tables differ", s)
		}
		if d.Emit(s, d.Code('无')) != MinLogProb {
			t.Errorf("unseen rune emits %v", d.Emit(s, 0))
		}
		for u := range NumStates {
			if d.Trans(s, u) != src.Trans[s][u] {
				t.Errorf("transition %d→%d %v, want %v", s, u, d.Trans(s, u), src.Trans[s][u])
			}
		}
	}
}

func TestCompileIsDeterministic(t *testing.T) {
	a, _ := Compile(smallSource())
	b, _ := Compile(smallSource())
	if string(a) != string(b) {
		t.Fatal("two compilations of one source differ")
	}
}

func TestCompileRejectsBadSources(t *testing.T) {
	for name, words := range map[string][]Entry{
		"empty word":   {{"", 1, "n"}},
		"invalid utf8": {{"\xff", 1, "n"}},
		"negative":     {{"词", -1, "n"}},
		"no frequency": {{"词", 0, "n"}},
	} {
		if _, err := Compile(&Source{Words: words}); err == nil {
			t.Errorf("%s: compiled", name)
		}
	}
}

// TestParseRejectsDamage: every way a file can be damaged is an error
// naming the problem, never a Dict.
func TestParseRejectsDamage(t *testing.T) {
	_, good := compileSmall(t)
	damage := map[string]struct {
		edit func([]byte) []byte
		want string
	}{
		"empty":       {func([]byte) []byte { return nil }, "shorter than"},
		"truncated":   {func(b []byte) []byte { return b[:len(b)-8] }, "truncated"},
		"header only": {func(b []byte) []byte { return b[:headerSize] }, "truncated"},
		"magic":       {func(b []byte) []byte { b[0] = 'X'; return b }, "bad magic"},
		"version": {func(b []byte) []byte {
			le.PutUint32(b[offVersion:], Version+1)
			return b
		}, "version"},
		"flipped bit": {func(b []byte) []byte { b[len(b)/2] ^= 1; return b }, "checksum"},
		"crc field":   {func(b []byte) []byte { b[offCRC] ^= 1; return b }, "checksum"},
		"appended":    {func(b []byte) []byte { return append(b, make([]byte, 8)...) }, "header says"},
	}
	for name, tc := range damage {
		t.Run(name, func(t *testing.T) {
			data := tc.edit(append([]byte(nil), good...))
			aligned := make([]uint64, (len(data)+7)/8+1)
			buf := u64view(aligned)[:len(data)]
			copy(buf, data)
			_, err := Parse(buf)
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrFormat mentioning %q", err, tc.want)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	_, good := compileSmall(t)
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Lookup("北京大学"); !ok || d.Size() != len(good) {
		t.Fatal("mapped dictionary lacks a word")
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing file: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, nil, 0o644)
	if _, err := Open(empty); !errors.Is(err, ErrFormat) {
		t.Fatalf("empty file: %v", err)
	}
}

// FuzzParse: whatever the bytes, Parse returns an error or a Dict whose
// lookups stay in bounds.
func FuzzParse(f *testing.F) {
	_, good := compileSmall(&testing.T{})
	f.Add(good)
	f.Add(good[:headerSize])
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		aligned := make([]uint64, (len(data)+7)/8+1)
		buf := u64view(aligned)[:len(data)]
		copy(buf, data)
		// Make inputs pass the size and checksum checks (tested above), so
		// that the structural checks behind them get exercised.
		if len(buf) >= headerSize {
			le.PutUint64(buf[offFileSize:], uint64(len(buf)))
			le.PutUint32(buf[offCRC:], checksum(buf))
		}
		d, err := Parse(buf)
		if err != nil {
			return
		}
		for _, w := range []string{"北京", "北京大学", "abc", "😀", "x"} {
			if id, ok := d.Lookup(w); ok {
				d.LogProb(id)
				d.POS(id)
				d.IDF(id)
			}
		}
	})
}

func u64view(v []uint64) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v))
}
