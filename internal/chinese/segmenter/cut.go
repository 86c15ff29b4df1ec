package segmenter

import (
	"math"
	"unicode"
	"unicode/utf8"

	"cloudtools/internal/chinese/segdict"
)

// scratch holds one call's buffers; Tokenize reuses them across calls.
type scratch struct {
	codes []int32   // block rune → dictionary code
	offs  []int     // block rune → byte offset in the text; one extra at the end
	score []float64 // best log-probability of the rest from each rune
	next  []int32   // where the best word from each rune ends (exclusive)
	vit   []viterbiStep
	std   []Token // standardize's output
	// The call's own words found in the loaded block (words.go).
	spans  []span
	spanAt map[int]int
}

// cutter is one Tokenize call.
type cutter struct {
	dict *segdict.Dict
	lex  *segdict.Lexicon
	// std is the default style: full-width forms count as their ASCII
	// twins, and HMM words never hold function characters.
	std   bool
	rules *rules // the default style's code sets
	sc    *scratch
	text  string
	out   []Token
	// runeAt is the rune offset of byte offset byteAt, advanced as tokens
	// are emitted (emit counts the runes in between).
	byteAt, runeAt int
	// blockRune is the rune offset of the loaded block's first rune.
	blockRune int
	// words are the call's own words; nil for none (words.go).
	words *CustomWords
}

// emit appends text[b0:b1] as a token; tokens come in text order, which
// lets rune offsets be counted once.
func (c *cutter) emit(b0, b1 int) {
	c.runeAt += utf8.RuneCountInString(c.text[c.byteAt:b0])
	n := utf8.RuneCountInString(c.text[b0:b1])
	c.emitAt(b0, b1, c.runeAt, c.runeAt+n)
	c.byteAt, c.runeAt = b1, c.runeAt+n
}

// emitRunes appends runes [k, end) of the loaded block; block tokens come
// in order, so the rune count moves to their end.
func (c *cutter) emitRunes(k, end int) {
	offs := c.sc.offs
	c.emitAt(offs[k], offs[end], c.blockRune+k, c.blockRune+end)
	c.byteAt, c.runeAt = offs[end], c.blockRune+end
}

// emitAt appends text[b0:b1], which spans runes [r0, r1).
func (c *cutter) emitAt(b0, b1, r0, r1 int) {
	c.out = append(c.out, Token{Word: c.text[b0:b1], Start: r0, End: r1, Byte: b0})
}

// Character classes of jieba's regular expressions.

// isHan is jieba's [\u4E00-\u9FD5]: the CJK Unified Ideographs block.
func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FD5 }

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// inBlock is jieba's re_han_default: the runes cut through the dictionary.
func inBlock(r rune) bool {
	return isHan(r) || isASCIIAlnum(r) || r == '+' || r == '#' || r == '&' || r == '.' || r == '_' || r == '%' || r == '-'
}

// cut is jieba's cut(text, cut_all=False, HMM=hmm): dictionary blocks go
// through the word graph; any other rune is a token of its own, except
// whitespace, which is dropped.
func (c *cutter) cut(hmm bool) {
	text := c.text
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !inBlock(c.norm(r)) {
			if !unicode.IsSpace(r) {
				c.emit(i, i+n)
			}
			i += n
			continue
		}
		i = c.cutBlock(c.loadBlock(i), hmm)
	}
}

// loadBlock fills the scratch with the block of runes that starts at byte
// b0 (inBlock runes up to the first other one), moves the rune count to b0,
// and returns the block's length in runes.
func (c *cutter) loadBlock(b0 int) int {
	c.runeAt += utf8.RuneCountInString(c.text[c.byteAt:b0])
	c.byteAt, c.blockRune = b0, c.runeAt
	sc, text := c.sc, c.text
	sc.codes, sc.offs = sc.codes[:0], sc.offs[:0]
	i := b0
	for i < len(text) {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if !inBlock(c.norm(r)) {
			break
		}
		sc.codes = append(sc.codes, c.lex.Code(r))
		sc.offs = append(sc.offs, i)
		i += n
	}
	sc.offs = append(sc.offs, i)
	if c.words != nil {
		c.findWords(len(sc.codes))
	}
	return len(sc.codes)
}

// route computes, from each rune backwards, the most probable way to cut
// the rest of the block (jieba's calc over get_DAG): a word from rune k
// ending at rune x scores its log-probability plus the best from x+1; ties
// go to the longer word, as Python's max over (score, x) does.
func (c *cutter) route(n int) {
	sc, d := c.sc, c.lex
	sc.score = grow(sc.score, n+1)
	sc.next = grow(sc.next, n+1)
	sc.score[n] = 0
	unknown := d.UnknownLogProb()
	for k := n - 1; k >= 0; k-- {
		best, end := math.Inf(-1), int32(-1)
		node := segdict.Root
		for x := k; x < n; x++ {
			var lp float64
			var ok bool
			if node, lp, ok = d.Step(node, sc.codes[x]); !ok {
				break
			}
			if lp == lp { // a word ends here (NaN otherwise)
				if c.words != nil {
					if custom, ok := c.customAt(k, x+1); ok {
						lp = custom // -Inf for a forced split
					}
				}
				if s := lp + sc.score[x+1]; s >= best && s > math.Inf(-1) {
					best, end = s, int32(x+1)
				}
			}
		}
		if c.words != nil {
			// The call's words, those the dictionary lacks included.
			for _, sp := range c.spansAt(k) {
				if s := sp.lp + sc.score[sp.end]; s >= best && s > math.Inf(-1) {
					best, end = s, int32(sp.end)
				}
			}
		}
		if end < 0 {
			// No word starts here: the rune alone, as frequency 1.
			best, end = unknown+sc.score[k+1], int32(k+1)
		}
		sc.score[k], sc.next[k] = best, end
	}
}

// cutBlock is jieba's __cut_DAG (hmm) or __cut_DAG_NO_HMM over the loaded
// block of n runes; it returns the byte offset after the block.
func (c *cutter) cutBlock(n int, hmm bool) int {
	c.route(n)
	sc := c.sc
	offs := sc.offs
	bufStart := -1 // first rune of the pending run of single runes
	flush := func(end int) {
		if bufStart < 0 {
			return
		}
		switch {
		case end-bufStart == 1:
			c.emitRunes(bufStart, end)
		case !hmm:
			c.emitRunes(bufStart, end) // a run of ASCII letters and digits
		case !c.isWord(bufStart, end):
			c.cutUnknown(bufStart, end)
		default:
			for k := bufStart; k < end; k++ {
				c.emitRunes(k, k+1)
			}
		}
		bufStart = -1
	}
	for x := 0; x < n; {
		y := int(sc.next[x])
		single := y-x == 1
		if single && hmm {
			if bufStart < 0 {
				bufStart = x
			}
		} else if single && isASCIIAlnum(c.runeOf(x)) {
			// Without the HMM, jieba still joins letters and digits.
			if bufStart < 0 {
				bufStart = x
			}
		} else {
			flush(x)
			c.emitRunes(x, y)
		}
		x = y
	}
	flush(n)
	return offs[n]
}

// cutUnknown is jieba's finalseg.cut over runes [k, end) of the block: Han
// runs go through the HMM; in the rest, runs of letters and digits (with a
// decimal part and a percent sign) are words, and what lies between them is
// one token per stretch.
func (c *cutter) cutUnknown(k, end int) {
	for x := k; x < end; {
		r := c.runeOf(x)
		y := x + 1
		switch {
		case isHan(r):
			for y < end && isHan(c.runeOf(y)) {
				y++
			}
			c.viterbi(x, y)
		case isASCIIAlnum(r):
			y = c.skipNumberLike(x, end)
			c.emitRunes(x, y)
		default:
			for y < end && !isHan(c.runeOf(y)) && !isASCIIAlnum(c.runeOf(y)) {
				y++
			}
			c.emitRunes(x, y)
		}
		x = y
	}
}

// skipNumberLike matches jieba's [a-zA-Z0-9]+(?:\.\d+)?%? from rune x.
func (c *cutter) skipNumberLike(x, end int) int {
	y := x
	for y < end && isASCIIAlnum(c.runeOf(y)) {
		y++
	}
	if y+1 < end && c.runeOf(y) == '.' && isDigit(c.runeOf(y+1)) {
		y += 2
		for y < end && isDigit(c.runeOf(y)) {
			y++
		}
	}
	if y < end && c.runeOf(y) == '%' {
		y++
	}
	return y
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// runeOf decodes rune x of the loaded block (a full-width form as its
// ASCII twin in the default style).
func (c *cutter) runeOf(x int) rune {
	r, _ := utf8.DecodeRuneInString(c.text[c.sc.offs[x]:])
	return c.norm(r)
}

// norm is r as the character classes see it: in the default style a
// full-width letter, digit or sign is its ASCII twin.
func (c *cutter) norm(r rune) rune { return normRune(c.std, r) }

// normRune folds full-width forms to ASCII in the default style (std).
func normRune(std bool, r rune) rune {
	if std {
		return segdict.FoldWidth(r)
	}
	return r
}

// isWord reports whether runes [k, end) of the loaded block are a word.
func (c *cutter) isWord(k, end int) bool {
	if c.words != nil {
		if lp, ok := c.customAt(k, end); ok {
			return lp > math.Inf(-1)
		}
	}
	node, lp := segdict.Root, math.NaN()
	for x := k; x < end; x++ {
		var ok bool
		if node, lp, ok = c.lex.Step(node, c.sc.codes[x]); !ok {
			return false
		}
	}
	return lp == lp
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/2)
	}
	return s[:n]
}
