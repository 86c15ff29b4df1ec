package zhconvert_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"cloudtools/internal/chinese/zhconvert"
)

// FuzzConvert: whatever the text (description sequences, compatibility
// ideographs, broken UTF-8), every config's segments tile the source in
// order with character offsets; and a description sequence the engine
// measures is a prefix of the text.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{"头发和发展", "\uf902車⿰氵發\uf903", "⿰⿱艹", "⿲彳⿱山王攵x", "發⿰\xff發", "旧字体 舊字體", "", "\x00\r\n"} {
		f.Add(s)
	}
	c := converter(f)
	configs := slices.Sorted(maps.Keys(zhconvert.Configs))
	f.Fuzz(func(t *testing.T, text string) {
		if n := zhconvert.IDSLength(text); n < 0 || n > len(text) || (n > 0 && !utf8.ValidString(text[:n])) {
			t.Fatalf("IDSLength(%q) = %d", text, n)
		}
		for _, name := range configs {
			segs, err := c.Convert(name, text)
			if err != nil {
				t.Fatal(err)
			}
			var src strings.Builder
			pos := 0
			for _, s := range segs {
				if s.Start != pos || s.End <= s.Start || s.End-s.Start != utf8.RuneCountInString(s.Source) {
					t.Fatalf("%s(%q): segment %+v at %d", name, text, s, pos)
				}
				pos = s.End
				src.WriteString(s.Source)
			}
			if src.String() != text {
				t.Fatalf("%s(%q): segments hold %q", name, text, src.String())
			}
		}
	})
}
