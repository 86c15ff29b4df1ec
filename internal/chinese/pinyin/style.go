package pinyin

import "strings"

// Style is how a syllable is written.
type Style int

const (
	// Tone marks the tone on the vowel: zhōng.
	Tone Style = iota
	// Number puts the tone's digit after the syllable: zhong1; the
	// neutral tone has none (ma).
	Number
	// None drops the tone: zhong.
	None
	// Initials keeps the initial consonant: zh (y and w count; a syllable
	// without one, such as ài, gives "").
	Initials
)

// ParseStyle reads tone, number, none or initials.
func ParseStyle(s string) (Style, bool) {
	switch s {
	case "tone":
		return Tone, true
	case "number":
		return Number, true
	case "none":
		return None, true
	case "initials":
		return Initials, true
	}
	return Tone, false
}

// marked maps each tone-marked letter to its plain letter and tone.
var marked = map[rune]struct {
	plain rune
	tone  byte
}{}

func init() {
	for plain, tones := range map[rune]string{'a': "āáǎà", 'e': "ēéěè", 'i': "īíǐì", 'o': "ōóǒò", 'u': "ūúǔù", 'ü': "ǖǘǚǜ", 'ê': "\x00ế\x00ề", 'n': "\x00ńňǹ", 'm': "\x00ḿ\x00\x00"} {
		for i, c := range []rune(tones) {
			if c != 0 {
				marked[c] = struct {
					plain rune
					tone  byte
				}{plain, byte('1' + i)}
			}
		}
	}
}

// combiningTone maps the combining marks of the four tones (as in ê̄ or
// m̀, which have no precomposed letter) to their numbers.
var combiningTone = map[rune]byte{'\u0304': '1', '\u0301': '2', '\u030C': '3', '\u0300': '4'}

// initials, two-letter ones first.
var initials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w"}

// Format writes a tone-marked syllable in style s.
func Format(syllable string, s Style) string {
	if s == Tone {
		return syllable
	}
	var b strings.Builder
	b.Grow(len(syllable))
	var tone byte
	for _, c := range syllable {
		if m, ok := marked[c]; ok {
			c, tone = m.plain, m.tone
		} else if t, ok := combiningTone[c]; ok {
			tone = t
			continue
		}
		b.WriteRune(c)
	}
	plain := b.String()
	switch s {
	case Number:
		if tone != 0 {
			return plain + string(tone)
		}
		return plain
	case Initials:
		if plain == "m" || plain == "n" || plain == "ng" { // 呣, 嗯: syllabic nasals
			return ""
		}
		for _, in := range initials {
			if strings.HasPrefix(plain, in) && len(plain) > len(in) {
				return in
			}
		}
		return ""
	}
	return plain
}
