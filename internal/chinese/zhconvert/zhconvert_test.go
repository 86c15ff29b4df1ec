package zhconvert_test

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"cloudtools/internal/chinese/phrasemap"
	"cloudtools/internal/chinese/zhconvert"
	"cloudtools/internal/chinese/zhconvert/convcompile"
	"cloudtools/internal/chinese/zhconvert/opencccases"
)

var (
	convOnce sync.Once
	conv     *zhconvert.Converter
	convErr  error
)

// converter compiles the committed dictionaries once per test binary.
func converter(t testing.TB) *zhconvert.Converter {
	t.Helper()
	convOnce.Do(func() {
		var data []byte
		data, convErr = convcompile.Compile(filepath.Join("..", "..", "..", convcompile.SourceDir))
		if convErr != nil {
			return
		}
		var f *phrasemap.File
		if f, convErr = phrasemap.Parse(data); convErr == nil {
			conv, convErr = zhconvert.New(f)
		}
	})
	if convErr != nil {
		t.Fatal(convErr)
	}
	return conv
}

// TestConvert: one row per kind of rule (a phrase over its characters, a
// one-to-many character, regional phrases and variants, both directions).
func TestConvert(t *testing.T) {
	c := converter(t)
	for _, tc := range []struct{ config, in, want string }{
		{"s2t", "头发和发展", "頭髮和發展"},                 // 发 → 髮 in a phrase, 發 alone
		{"s2t", "软件", "軟件"},                       // no regional phrase in OpenCC's standard
		{"s2twp", "软件和硬件", "軟體和硬體"},               // Taiwan phrases
		{"s2twp", "U盘和内存", "隨身碟和記憶體"},             // phrases of another length
		{"s2tw", "软件", "軟件"},                      // variants only
		{"s2hk", "着", "着"},                        // Hong Kong variant
		{"s2t", "着", "着"},                         // 着 is standard traditional too
		{"t2s", "計算機", "计算机"},                     // traditional to simplified
		{"tw2sp", "軟體和滑鼠", "软件和鼠标"},               // Taiwan phrases back
		{"tw2s", "軟體", "软体"},                      // without phrases
		{"hk2s", "着數", "着数"},                      // Hong Kong variants back
		{"s2t", "Hello, 世界 123", "Hello, 世界 123"}, // non-Han passes through
		{"t2s", "\uf902\u8eca", "车车"},             // a compatibility ideograph is normalized first
		{"t2s", "發⿰氵發發", "发⿰氵發发"},                 // a description sequence passes whole
		{"t2s", "⿰氵", "⿰氵"},                       // an incomplete one is characters
		{"s2hkp", "宽带和光标", "寬頻和游標"},               // Hong Kong phrases
		{"hk2sp", "寬頻", "宽带"},                     // and back
		{"t2jp", "舊字體", "旧字体"},                    // traditional to shinjitai
		{"jp2t", "旧字体", "舊字體"},                    // and back
		{"t2tw", "着", "著"},                        // OpenCC standard to Taiwan variants
		{"s2t", "", ""},
	} {
		segs, err := c.Convert(tc.config, tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := zhconvert.String(segs); got != tc.want {
			t.Errorf("%s(%q) = %q, want %q", tc.config, tc.in, got, tc.want)
		}
	}
	if _, err := c.Convert("s2x", "a"); err == nil {
		t.Error("an unknown config converted")
	}
}

func TestIDSLength(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"⿰氵共x", len("⿰氵共")},
		{"⿱艹⿰日月", len("⿱艹⿰日月")},
		{"⿲彳⿱山王攵", len("⿲彳⿱山王攵")}, // three components
		{"⿰氵", 0},     // incomplete
		{"氵共", 0},     // no operator
		{"⿰\xff共", 0}, // invalid UTF-8
		{"", 0},
		{strings.Repeat("⿰", 17) + strings.Repeat("木", 18), 0}, // deeper than 16
	} {
		if got := zhconvert.IDSLength(tc.in); got != tc.want {
			t.Errorf("IDSLength(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// TestOpenCCCases runs OpenCC's own test suite (release 1.4.1): every
// expected output of every config.
func TestOpenCCCases(t *testing.T) {
	c := converter(t)
	cases, err := opencccases.Cases()
	if err != nil {
		t.Fatal(err)
	}
	passed := map[string]int{}
	total := map[string]int{}
	for _, tc := range cases {
		total[tc.Config]++
		segs, err := c.Convert(tc.Config, tc.Input)
		if err != nil {
			t.Errorf("%s %s: %v", tc.ID, tc.Config, err)
			continue
		}
		if got := zhconvert.String(segs); got != tc.Want {
			t.Errorf("%s %s(%q)\n got  %q\n want %q", tc.ID, tc.Config, tc.Input, got, tc.Want)
			continue
		}
		passed[tc.Config]++
	}
	if len(cases) != 475 || len(total) != len(zhconvert.Configs) {
		t.Errorf("%d cases over %d configs, want OpenCC 1.4.1's 475 over %d", len(cases), len(total), len(zhconvert.Configs))
	}
	t.Logf("passed per config: %v of %v", passed, total)
}

// TestSegmentsCoverTheSource: segments tile the source in order, with
// character offsets, whatever the text.
func TestSegmentsCoverTheSource(t *testing.T) {
	c := converter(t)
	for _, text := range []string{"我的头发很长，软件在发展。", "a头发b", "𠀀头发\x00\xff", "计算机", "\uf902車⿰氵發\uf903", "⿰"} {
		for name := range zhconvert.Configs {
			segs, _ := c.Convert(name, text)
			pos, src := 0, ""
			for _, s := range segs {
				if s.Start != pos || s.End <= s.Start || s.End-s.Start != len([]rune(s.Source)) {
					t.Fatalf("%s(%q): segment %+v at %d", name, text, s, pos)
				}
				pos, src = s.End, src+s.Source
			}
			if src != text {
				t.Errorf("%s(%q): segments hold %q", name, text, src)
			}
		}
	}
}

// BenchmarkConvert64KiB: every config over 64 KiB of text in its source
// script (the simplified sentence, or its t2s-inverse traditional form).
func BenchmarkConvert64KiB(b *testing.B) {
	c := converter(b)
	simplified := strings.Repeat("我们在开发新的软件，计算机的内存和硬盘都很重要。头发的发展也很有意思。", 800)
	segs, _ := c.Convert("s2t", simplified)
	traditional := zhconvert.String(segs)
	for _, name := range slices.Sorted(maps.Keys(zhconvert.Configs)) {
		text := traditional
		if strings.HasPrefix(name, "s2") {
			text = simplified
		}
		text = strings.ToValidUTF8(text[:64<<10], "") // a cut rune dropped
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				c.Convert(name, text)
			}
		})
	}
}
