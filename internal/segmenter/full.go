package segmenter

import (
	"unicode/utf8"

	"cloudtools/internal/segdict"
)

// cutAll is jieba's cut(text, cut_all=True): Han runs yield every
// dictionary word; elsewhere, runs of letters, digits, '+' and '#' are
// tokens and everything else separates them.
func (c *cutter) cutAll() {
	text := c.text
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		j := i + n
		switch {
		case isHan(r):
			for j < len(text) {
				r, n := utf8.DecodeRuneInString(text[j:])
				if !isHan(r) {
					break
				}
				j += n
			}
			c.cutAllBlock(i, j)
		case isAllRune(r):
			for j < len(text) {
				r, n := utf8.DecodeRuneInString(text[j:])
				if !isAllRune(r) {
					break
				}
				j += n
			}
			c.emit(i, j)
		}
		i = j
	}
}

// isAllRune is what jieba's re_skip_cut_all keeps (newlines excepted:
// whitespace is never part of a token here).
func isAllRune(r rune) bool { return isASCIIAlnum(r) || r == '+' || r == '#' }

// cutAllBlock is jieba's __cut_all over a Han block: for each rune, every
// dictionary word starting there; a rune no word covers is a token alone.
func (c *cutter) cutAllBlock(b0, b1 int) {
	n := c.load(b0, b1)
	d, sc := c.dict, c.sc
	offs := sc.offs
	base := c.runeAt // load moved the rune count to the block's start
	oldJ := -1
	for k := range n {
		node := segdict.Root
		found := false
		for x := k; x < n; x++ {
			var ok bool
			if node, ok = d.Next(node, sc.codes[x]); !ok {
				break
			}
			id, ok := d.Key(node)
			if !ok {
				continue
			}
			if _, ok := d.LogProb(id); !ok {
				continue
			}
			if x == k {
				continue
			}
			found = true
			c.emitAt(offs[k], offs[x+1], base+k, base+x+1)
			oldJ = x
		}
		// jieba: a rune whose only DAG entry is itself is a token when no
		// earlier word covered it.
		if !found && k > oldJ {
			c.emitAt(offs[k], offs[k+1], base+k, base+k+1)
			oldJ = k
		}
	}
	c.byteAt, c.runeAt = b1, base+n
}
