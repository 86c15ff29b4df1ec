package segmenter

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"cloudtools/internal/chinese/segdict"
)

// cutAll is jieba 0.42's cut(text, cut_all=True): blocks of Han, letters,
// digits and +#&._%- yield every dictionary word (cutAllBlock); between
// blocks, each stretch of other characters up to whitespace is a token.
func (c *cutter) cutAll() {
	text := c.text
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		j := i + n
		switch {
		case inBlock(c.norm(r)):
			j = c.cutAllBlock(c.loadBlock(i))
		case !unicode.IsSpace(r):
			for j < len(text) {
				r, n := utf8.DecodeRuneInString(text[j:])
				if inBlock(c.norm(r)) || unicode.IsSpace(r) {
					break
				}
				j += n
			}
			c.emit(i, j)
		}
		i = j
	}
}

// cutAllBlock is jieba's __cut_all over the loaded block of n runes, and
// returns the byte offset after it: for each rune k, the dictionary words
// starting there (its DAG entry; the rune alone if none). A lone entry not
// covered by an earlier word is a token; letters and digits among those
// join into one token. Otherwise each word longer than the rune is one.
func (c *cutter) cutAllBlock(n int) int {
	d, sc := c.lex, c.sc
	offs := sc.offs
	base := c.blockRune
	emit := func(k, end int) { c.emitAt(offs[k], offs[end], base+k, base+end) }
	oldJ := -1
	engStart, engEnd := -1, -1 // the pending run of letters and digits
	var ends []int
	for k := range n {
		if engStart >= 0 && !isASCIIAlnum(c.runeOf(k)) {
			emit(engStart, engEnd)
			engStart = -1
		}
		// The DAG entry: ends (inclusive) of the words starting at k.
		ends = ends[:0]
		node := segdict.Root
		for x := k; x < n; x++ {
			var lp float64
			var ok bool
			if node, lp, ok = d.Step(node, sc.codes[x]); !ok {
				break
			}
			if lp == lp { // a word ends here
				if custom, ok := c.customAt(k, x+1); !ok || custom > math.Inf(-1) {
					ends = append(ends, x)
				}
			}
		}
		for _, sp := range c.spansAt(k) { // the call's words
			if sp.lp > math.Inf(-1) && !slices.Contains(ends, sp.end-1) {
				ends = append(ends, sp.end-1)
			}
		}
		slices.Sort(ends)
		if len(ends) == 0 {
			ends = append(ends, k)
		}
		if len(ends) == 1 && k > oldJ {
			end := ends[0] + 1
			if isASCIIAlnum(c.runeOf(k)) {
				if engStart < 0 {
					engStart = k
				}
				engEnd = end
			} else {
				emit(k, end)
			}
			oldJ = ends[0]
			continue
		}
		for _, j := range ends {
			if j > k {
				emit(k, j+1)
				oldJ = j
			}
		}
	}
	if engStart >= 0 {
		emit(engStart, engEnd)
	}
	c.byteAt, c.runeAt = offs[n], base+n
	return offs[n]
}
