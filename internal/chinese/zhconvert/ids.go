package zhconvert

import "unicode/utf8"

// OpenCC's limits on an ideographic description sequence.
const (
	idsMaxDepth = 16
	idsMaxRunes = 64
)

// idsArity is how many components an ideographic description character
// (U+2FF0–U+2FFF) takes; 0 for any other character.
func idsArity(r rune) int {
	switch {
	case r == 0x2FF2 || r == 0x2FF3:
		return 3
	case r == 0x2FFE || r == 0x2FFF:
		return 1
	case r >= 0x2FF0 && r <= 0x2FFD:
		return 2
	}
	return 0
}

// idsLength is the length in bytes of the complete ideographic description
// sequence s starts with (⿰氵共, ⿱艹⿰日月), or 0: OpenCC's
// UTF8Util::NextIdeographicDescriptionSequenceLength, so an unmatched
// sequence passes whole and its components are never converted.
func idsLength(s string) int {
	r, _ := utf8.DecodeRuneInString(s)
	if idsArity(r) == 0 {
		return 0
	}
	runes := 0
	n, ok := consumeIDS(s, idsMaxDepth, &runes)
	if !ok {
		return 0
	}
	return n
}

// consumeIDS reads one component (a character, or an operator and its
// components) from s: its length, and whether it is complete and valid.
func consumeIDS(s string, depthLeft int, runes *int) (int, bool) {
	if s == "" || depthLeft == 0 || *runes >= idsMaxRunes {
		return 0, false
	}
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && size <= 1 {
		return 0, false
	}
	*runes++
	n := size
	for range idsArity(r) {
		k, ok := consumeIDS(s[n:], depthLeft-1, runes)
		if !ok {
			return 0, false
		}
		n += k
	}
	return n, true
}
