package pinyin

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

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

// toneOf maps the combining marks of the four tones to their numbers.
var toneOf = map[rune]byte{'\u0304': '1', '\u0301': '2', '\u030C': '3', '\u0300': '4'}

// initials, two-letter ones first.
var initials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w"}

// Format writes a tone-marked syllable in style s.
func Format(syllable string, s Style) string {
	if s == Tone {
		return syllable
	}
	// Decomposed, the tone is a combining mark after its vowel; ü's
	// diaeresis (U+0308) stays.
	var base strings.Builder
	var tone byte
	for _, c := range norm.NFD.String(syllable) {
		if t, ok := toneOf[c]; ok {
			tone = t
			continue
		}
		base.WriteRune(c)
	}
	plain := norm.NFC.String(base.String())
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
