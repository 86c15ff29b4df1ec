package segmenter

import "math"

// searchExpand is jieba's cut_for_search over the accurate tokens in
// c.out[from:]: before each word of more than two runes come its 2-rune
// dictionary sub-words, then, for more than three runes, its 3-rune ones.
func (c *cutter) searchExpand(from int) []Token {
	words := c.out[from:]
	// Short texts rarely have long words: copy only when one does.
	long := false
	for _, w := range words {
		if w.End-w.Start > 2 {
			long = true
			break
		}
	}
	if !long {
		return c.out
	}
	words = append(c.sc.std[:0], words...)
	defer func() { clear(words); c.sc.std = words[:0] }()
	out := c.out[:from]
	var offs [64]int
	for _, w := range words {
		n := w.End - w.Start
		if n > 2 {
			// Byte offsets of the word's runes, and its end.
			o := offs[:0]
			for i := range w.Word {
				o = append(o, i)
			}
			o = append(o, len(w.Word))
			for _, size := range []int{2, 3} {
				if n <= size {
					continue
				}
				for i := 0; i+size <= n; i++ {
					gram := w.Word[o[i]:o[i+size]]
					if c.isGram(gram) {
						out = append(out, Token{Word: gram, Start: w.Start + i, End: w.Start + i + size, Byte: w.Byte + o[i]})
					}
				}
			}
		}
		out = append(out, w)
	}
	return out
}

// isGram reports whether a search sub-word is a word: the call's words
// first (a forced split's word is not), then the dictionary.
func (c *cutter) isGram(gram string) bool {
	if c.words != nil {
		if e := c.words.entry(gram); e != nil {
			return e.lp > math.Inf(-1)
		}
	}
	return c.lex.IsWord(gram)
}
