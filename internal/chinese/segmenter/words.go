package segmenter

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// CustomWords are one call's own words: jieba's add_word and suggest_freq,
// without touching the dictionary other calls see. An entry is either
//
//   - a word ("台中"), which the cut keeps whole where it can: its
//     frequency becomes suggest_freq("台中"), just enough to beat the
//     dictionary's best way of cutting it; or
//   - a forced split ("中/将"), whose parts the cut keeps apart: the
//     joined word's frequency becomes suggest_freq(("中", "将")), at most
//     the parts' product, and no token of the answer is the joined word
//     (the HMM, which jieba lets rejoin it, may not).
//
// Frequencies are computed from the dictionary alone, so the order of the
// entries does not matter, and the dictionary's total is left as it is.
// Words are matched as the dictionary matches text: in the default style,
// traditional and full-width characters as their simplified and ASCII
// twins.
type CustomWords struct {
	seg     *Segmenter            // whose lexicon the keys are in
	entries map[string]*wordEntry // by match key
	firsts  map[string]bool       // match keys of the entries' first runes
	maxLen  int                   // longest entry in runes
}

type wordEntry struct {
	runes int
	// lp is the log-probability the cut uses; -Inf: never a word.
	lp float64
	// cuts are the rune offsets inside a forced split's word (中/将: [1]);
	// nil for a word to keep.
	cuts []int
}

// Separator marks a forced split inside an entry.
const Separator = "/"

// ErrWordChars: an entry holds a character segmentation never joins.
var ErrWordChars = errors.New("only Chinese characters, ASCII letters and digits, and + # & . _ % - can join into a word")

// CustomWords prepares entries (see the type) for Tokenize with this segmenter.
func (s *Segmenter) CustomWords(entries []string) (*CustomWords, error) {
	w := &CustomWords{seg: s, entries: map[string]*wordEntry{}, firsts: map[string]bool{}}
	total := -s.lex.UnknownLogProb() // ln(total)
	for _, e := range entries {
		parts := strings.Split(e, Separator)
		word := strings.Join(parts, "")
		if word == "" || !utf8.ValidString(word) {
			return nil, fmt.Errorf("%q: an empty word", e)
		}
		for _, p := range parts {
			if p == "" {
				return nil, fmt.Errorf("%q: an empty part around %q", e, Separator)
			}
		}
		for _, r := range word {
			if !inBlock(s.norm(r)) {
				return nil, fmt.Errorf("%q: %w", e, ErrWordChars)
			}
		}
		entry := &wordEntry{runes: utf8.RuneCountInString(word)}
		current, known := s.logProb(word)
		if len(parts) == 1 {
			// suggest_freq(word): max(int(P(cut of word) * total) + 1, FREQ.get(word, 1)).
			var lpCut float64
			for _, t := range s.Tokenize(nil, word, Accurate, false) {
				lpCut += s.logProbOr1(t.Word)
			}
			suggested := math.Log(math.Floor(math.Exp(lpCut+total))+1) - total
			if !known {
				current = -total // a frequency of 1
			}
			entry.lp = max(suggested, current)
		} else {
			// suggest_freq(parts): min(int(P(parts) * total), FREQ.get(word, 0)).
			var lpParts float64
			at := 0
			for i, p := range parts {
				lpParts += s.logProbOr1(p)
				at += utf8.RuneCountInString(p)
				if i < len(parts)-1 {
					entry.cuts = append(entry.cuts, at)
				}
			}
			entry.lp = math.Log(math.Floor(math.Exp(lpParts+total))) - total // -Inf for 0
			if !known {
				entry.lp = math.Inf(-1)
			}
			entry.lp = min(entry.lp, current)
		}
		key := s.matchKey(word)
		w.entries[key] = entry
		_, size := utf8.DecodeRuneInString(word)
		w.firsts[s.matchKey(word[:size])] = true
		w.maxLen = max(w.maxLen, entry.runes)
	}
	return w, nil
}

// logProb is word's log-probability in the dictionary, if it is a word.
func (s *Segmenter) logProb(word string) (float64, bool) {
	id, ok := s.lex.Lookup(word)
	if !ok {
		return math.Inf(-1), false
	}
	lp, ok := s.lex.LogProb(id)
	if !ok {
		return math.Inf(-1), false
	}
	return lp, true
}

// logProbOr1 is jieba's FREQ.get(word, 1) as a log-probability.
func (s *Segmenter) logProbOr1(word string) float64 {
	if lp, ok := s.logProb(word); ok {
		return lp
	}
	return s.lex.UnknownLogProb()
}

// norm is r as the character classes see it (cutter.norm).
func (s *Segmenter) norm(r rune) rune { return normRune(!s.opts.Jieba, r) }

// matchKey is how the dictionary sees word: per rune its code (the folded
// character), or the rune itself where the dictionary has no code.
func (s *Segmenter) matchKey(word string) string {
	var b []byte
	for _, r := range word {
		b = appendKey(b, s.lex.Code(r), s.norm(r))
	}
	return string(b)
}

func appendKey(b []byte, code int32, r rune) []byte {
	if code > 0 {
		return binary.LittleEndian.AppendUint32(append(b, 'c'), uint32(code))
	}
	return utf8.AppendRune(append(b, 'r'), r)
}

// span is a custom entry found at runes [k, end) of the loaded block.
type span struct {
	k, end int
	lp     float64
}

// findWords lists the entries found in the loaded block of n runes, in
// order of start, and where each start's list begins.
func (c *cutter) findWords(n int) {
	sc := c.sc
	sc.spans = sc.spans[:0]
	clear(sc.spanAt)
	if sc.spanAt == nil {
		sc.spanAt = map[int]int{}
	}
	var key []byte
	for k := range n {
		key = appendKey(key[:0], sc.codes[k], c.runeOf(k))
		if !c.words.firsts[string(key)] {
			continue
		}
		for end := k + 1; end <= min(n, k+c.words.maxLen); end++ {
			if end > k+1 {
				key = appendKey(key, sc.codes[end-1], c.runeOf(end-1))
			}
			if e, ok := c.words.entries[string(key)]; ok {
				if _, seen := sc.spanAt[k]; !seen {
					sc.spanAt[k] = len(sc.spans)
				}
				sc.spans = append(sc.spans, span{k, end, e.lp})
			}
		}
	}
}

// spansAt are the entries found starting at rune k of the block.
func (c *cutter) spansAt(k int) []span {
	if c.words == nil {
		return nil // the pooled scratch may hold another call's spans
	}
	i, ok := c.sc.spanAt[k]
	if !ok {
		return nil
	}
	j := i
	for j < len(c.sc.spans) && c.sc.spans[j].k == k {
		j++
	}
	return c.sc.spans[i:j]
}

// customAt is the entry's log-probability for runes [k, end), if one is
// there.
func (c *cutter) customAt(k, end int) (float64, bool) {
	for _, s := range c.spansAt(k) {
		if s.end == end {
			return s.lp, true
		}
	}
	return 0, false
}

// splitForced cuts every token of c.out[from:] that is a forced split's
// word into its parts.
func (c *cutter) splitForced(from int) {
	if c.words == nil {
		return
	}
	var out []Token
	for i, t := range c.out[from:] {
		e := c.words.entry(t.Word)
		if e == nil || e.cuts == nil {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append([]Token(nil), c.out[from:from+i]...)
		}
		prev, byteAt := 0, 0
		for _, cut := range append(e.cuts, e.runes) {
			n := 0
			for range cut - prev {
				_, size := utf8.DecodeRuneInString(t.Word[byteAt+n:])
				n += size
			}
			out = append(out, Token{Word: t.Word[byteAt : byteAt+n], Start: t.Start + prev, End: t.Start + cut, Byte: t.Byte + byteAt})
			prev, byteAt = cut, byteAt+n
		}
	}
	if out != nil {
		c.out = append(c.out[:from], out...)
	}
}

// entry is word's entry, matched as text is; nil for none.
func (w *CustomWords) entry(word string) *wordEntry {
	return w.entries[w.seg.matchKey(word)]
}

// Keeps reports whether word is an entry to keep whole (matched as text
// is).
func (w *CustomWords) Keeps(word string) bool {
	if w == nil {
		return false
	}
	e := w.entry(word)
	return e != nil && e.cuts == nil
}

// Splits reports whether word is an entry whose parts are kept apart
// (matched as text is).
func (w *CustomWords) Splits(word string) bool {
	if w == nil {
		return false
	}
	e := w.entry(word)
	return e != nil && e.cuts != nil
}

// POSWith is POS, where a word of the call's own that the dictionary lacks
// is a noun (jieba's add_word would tag it x, which TextRank skips).
func (s *Segmenter) POSWith(word string, words *CustomWords) string {
	if words.Keeps(word) && !s.IsWord(word) {
		return "n"
	}
	return s.POS(word)
}
