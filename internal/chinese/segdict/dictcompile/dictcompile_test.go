package dictcompile

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cloudtools/internal/chinese/segdict"
	ff "cloudtools/internal/chinese/segdict/internal/fileformat"
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
	for s := range ff.NumStates {
		src.Start[s] = -float64(s + 1)
		for t := range ff.NumStates {
			src.Trans[s][t] = ff.MinLogProb
		}
		src.Emit[s] = map[rune]float64{'北': -float64(s) - 0.5, '龘': -7}
	}
	for _, p := range ff.TransPairs {
		src.Trans[p[0]][p[1]] = -0.25 * float64(p[0]+p[1]+1)
	}
	return src
}

func compileSmall(t *testing.T) (*segdict.Dict, []byte) {
	t.Helper()
	data, err := Compile(smallSource())
	if err != nil {
		t.Fatal(err)
	}
	d, err := segdict.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return d, data
}

func TestRoundTrip(t *testing.T) {
	dict, _ := compileSmall(t)
	d := mustLexicon(t, dict, segdict.Jieba)
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
	for s := range ff.NumStates {
		if dict.Start(s) != src.Start[s] || dict.Emit(s, d.Code('北')) != src.Emit[s]['北'] || dict.Emit(s, d.Code('龘')) != -7 {
			t.Errorf("state %d: HMM tables differ", s)
		}
		if dict.Emit(s, d.Code('无')) != ff.MinLogProb {
			t.Errorf("unseen rune emits %v", dict.Emit(s, 0))
		}
		for u := range ff.NumStates {
			if dict.Trans(s, u) != src.Trans[s][u] {
				t.Errorf("transition %d→%d %v, want %v", s, u, dict.Trans(s, u), src.Trans[s][u])
			}
		}
	}
	if err := dict.Verify(); err != nil {
		t.Fatal(err)
	}
}

// TestStandardLexicon: the Standard lexicon folds scripts and widths,
// drops phrases, flags function characters, and leaves the Jieba lexicon
// as jieba has it.
func TestStandardLexicon(t *testing.T) {
	src := &Source{
		Words: []Entry{
			{"信息", 12256, "n"}, {"技术", 37664, "n"}, {"信息技术", 397, "n"},
			{"新年", 570, "t"}, {"贺词", 641, "nr"}, {"新年贺词", 3, "l"},
			{"一心", 80, "d"}, {"一意", 20, "d"}, {"一心一意", 231, "i"},
			{"后", 5000, "f"}, {"後", 7, "f"}, {"这", 9000, "r"}, {"微", 400, "n"}, {"信", 900, "n"},
			{"于", 8000, "p"}, {"於", 3, "nr"}, {"乾", 500, "nr"}, {"干", 600, "v"},
			{"ABC", 5, "eng"},
		},
		Fold:          map[rune]rune{'後': '后', '資': '资', '訊': '讯', '這': '这'},
		FoldAmbiguous: map[rune]rune{'於': '于', '乾': '干'},
	}
	for s := range ff.NumStates {
		src.Emit[s] = map[rune]float64{}
	}
	data, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := segdict.VerifyBytes(data); err != nil {
		t.Fatal(err)
	}
	d, err := segdict.Parse(ff.AlignedCopy(data))
	if err != nil {
		t.Fatal(err)
	}
	std, jieba := mustLexicon(t, d, segdict.Standard), mustLexicon(t, d, segdict.Jieba)
	for _, tc := range []struct {
		word             string
		jiebaWord, stdWd bool
	}{
		{"信息技术", true, false}, // halves ten times as frequent
		{"新年贺词", true, false}, // a placeholder of two frequent words
		{"一心一意", true, true},  // an idiom with rare halves
		{"信息", true, true},
		{"後", true, true}, // folded onto 后, which is a word
		{"這", false, true},
		{"ＡＢＣ", false, true}, // full-width folds onto ASCII
		{"於", true, true},    // ambiguous, hardly used: folded onto 于
		{"乾", true, true},    // ambiguous but used: stays itself
	} {
		if got := jieba.IsWord(tc.word); got != tc.jiebaWord {
			t.Errorf("jieba lexicon: %s word %v, want %v", tc.word, got, tc.jiebaWord)
		}
		if got := std.IsWord(tc.word); got != tc.stdWd {
			t.Errorf("standard lexicon: %s word %v, want %v", tc.word, got, tc.stdWd)
		}
	}
	if std.Code('於') != std.Code('于') || std.Code('乾') == std.Code('干') || std.Code('後') != std.Code('后') {
		t.Error("ambiguous characters folded wrongly")
	}
	if jieba.Code('後') == jieba.Code('后') {
		t.Error("the jieba lexicon folds")
	}
	// 后 and 後 fold together; the higher frequency wins.
	id, _ := std.Lookup("後")
	if lp, _ := std.LogProb(id); lp != std.UnknownLogProb()+math.Log(5000) {
		t.Errorf("folded 后: log-probability %v", lp)
	}
	for r, want := range map[rune]bool{'这': true, '這': true, '于': true, '微': false, '信': false, '后': true} {
		if got := std.Flags(std.Code(r))&ff.FlagFunction != 0; got != want {
			t.Errorf("%c: function character %v, want %v", r, got, want)
		}
	}
}

func mustLexicon(t testing.TB, d *segdict.Dict, k segdict.Kind) *segdict.Lexicon {
	t.Helper()
	l, err := d.Lexicon(k)
	if err != nil {
		t.Fatal(err)
	}
	return l
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
		"header only": {func(b []byte) []byte { return b[:ff.HeaderSize] }, "truncated"},
		"magic":       {func(b []byte) []byte { b[0] = 'X'; return b }, "bad magic"},
		"version": {func(b []byte) []byte {
			ff.LE.PutUint32(b[ff.OffVersion:], ff.Version+1)
			return b
		}, "version"},
		"header bit": {func(b []byte) []byte { b[ff.OffCodes] ^= 1; return b }, "header checksum"},
		"small section bit": {func(b []byte) []byte {
			b[ff.LE.Uint64(b[ff.OffSections+ff.SectionEntry*ff.SecPOSNames:])] ^= 1
			return b
		}, "section 1 fails its checksum"},
		"ff.CRC field": {func(b []byte) []byte { b[ff.OffCRC] ^= 1; return b }, "checksum"},
		"appended":     {func(b []byte) []byte { return append(b, make([]byte, 8)...) }, "header says"},
	}
	for name, tc := range damage {
		t.Run(name, func(t *testing.T) {
			_, err := segdict.Parse(ff.AlignedCopy(tc.edit(append([]byte(nil), good...))))
			if !errors.Is(err, segdict.ErrFormat) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want segdict.ErrFormat mentioning %q", err, tc.want)
			}
		})
	}
}

// TestCorruptPage: a flipped bit in a large section passes Open (which
// does not read it) but fails Verify, and a lookup that reads the page
// panics with a *CorruptError rather than answering.
func TestCorruptPage(t *testing.T) {
	// Enough words for the sections to span many pages.
	src := smallSource()
	for i := range 3000 {
		w := string([]rune{0x4E00 + rune(i%60), 0x5E00 + rune(i/60)})
		src.Words = append(src.Words, Entry{w, int64(i + 1), "n"})
		src.IDF[w] = float64(i)
	}
	good, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	section := func(k segdict.Kind, sec int) (off, n int) {
		e := good[ff.OffSections+ff.SectionEntry*ff.LexSection(int(k), sec):]
		return int(ff.LE.Uint64(e)), int(ff.LE.Uint64(e[8:]))
	}
	root, _ := section(segdict.Jieba, ff.LexNodes)
	idf, n := section(segdict.Standard, ff.LexIDF)
	for name, off := range map[string]int{"trie root": root + 16*2, "idf": idf + n - 4} {
		t.Run(name, func(t *testing.T) {
			data := ff.AlignedCopy(good)
			data[off] ^= 0x10
			d, err := segdict.Parse(data)
			if err != nil {
				t.Fatalf("segdict.Parse: %v", err)
			}
			if name == "trie root" {
				// The root's page is checked on the lexicon's first use.
				if _, err := d.Lexicon(segdict.Jieba); err == nil || !strings.Contains(err.Error(), "root page") {
					t.Fatalf("segdict.Lexicon: %v", err)
				}
				return
			}
			var ce *segdict.CorruptError
			if err := d.Verify(); !errors.As(err, &ce) || !errors.Is(err, segdict.ErrFormat) {
				t.Fatalf("Verify: %v", err)
			}
			defer func() {
				r := recover()
				if e, ok := r.(*segdict.CorruptError); !ok || e.Offset != int64(off&^(ff.PageSize-1)) {
					t.Fatalf("lookup recovered %v, want a *segdict.CorruptError for the page at %d", r, off&^(ff.PageSize-1))
				}
			}()
			l := mustLexicon(t, d, segdict.Standard)
			for id := range int32(l.Words()) {
				l.IDF(id)
			}
			t.Fatal("no lookup read the corrupt page")
		})
	}
}

func TestOpen(t *testing.T) {
	_, good := compileSmall(t)
	path := filepath.Join(t.TempDir(), "test.segdict")
	if err := os.WriteFile(path, good, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := segdict.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := mustLexicon(t, d, segdict.Standard).Lookup("北京大学"); !ok || d.Size() != len(good) {
		t.Fatal("mapped dictionary lacks a word")
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := segdict.Open(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing file: %v", err)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, nil, 0o644)
	if _, err := segdict.Open(empty); !errors.Is(err, segdict.ErrFormat) {
		t.Fatalf("empty file: %v", err)
	}
}

// FuzzParse: whatever the bytes, Parse returns an error or a Dict; one
// that also passes Verify answers lookups without panicking.
func FuzzParse(f *testing.F) {
	_, good := compileSmall(&testing.T{})
	f.Add(good)
	f.Add(good[:ff.HeaderSize])
	f.Add([]byte(ff.Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		buf := ff.AlignedCopy(data)
		resign(buf)
		d, err := segdict.Parse(buf)
		if err != nil || d.Verify() != nil {
			return
		}
		for _, l := range []*segdict.Lexicon{mustLexicon(t, d, segdict.Jieba), mustLexicon(t, d, segdict.Standard)} {
			for _, w := range []string{"北京", "北京大学", "abc", "😀", "x"} {
				if id, ok := l.Lookup(w); ok {
					l.LogProb(id)
					l.POS(id)
					l.IDF(id)
				}
			}
		}
	})
}

// resign makes a mutated file pass the size and checksum checks (tested
// above), so that the structural checks behind them get exercised.
func resign(buf []byte) {
	if len(buf) < ff.HeaderSize {
		return
	}
	ff.LE.PutUint64(buf[ff.OffFileSize:], uint64(len(buf)))
	guard := ff.LE.Uint64(buf[ff.OffGuard:])
	crcs := ff.LE.Uint64(buf[ff.OffSections+ff.SectionEntry*ff.SecPageCRCs:])
	n := ff.LE.Uint64(buf[ff.OffSections+ff.SectionEntry*ff.SecPageCRCs+8:])
	if guard <= uint64(len(buf)) && crcs <= guard && n <= guard-crcs {
		for p := uint64(0); p*4+4 <= n && guard+p*ff.PageSize < uint64(len(buf)); p++ {
			lo := guard + p*ff.PageSize
			ff.LE.PutUint32(buf[crcs+4*p:], ff.CRC(buf[lo:min(lo+ff.PageSize, uint64(len(buf)))]))
		}
	}
	for i := range ff.NumSections {
		e := buf[ff.OffSections+ff.SectionEntry*i:]
		off, n := ff.LE.Uint64(e), ff.LE.Uint64(e[8:])
		if off <= uint64(len(buf)) && n <= uint64(len(buf))-off {
			ff.LE.PutUint32(e[16:], ff.CRC(buf[off:off+n]))
		}
	}
	ff.LE.PutUint32(buf[ff.OffCRC:], ff.HeaderChecksum(buf))
}
