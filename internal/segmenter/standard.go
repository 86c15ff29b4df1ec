package segmenter

import (
	"math"
	"strings"
	"unicode/utf8"
)

// The treebank standard: jieba's dictionary holds many compounds that
// segmentation standards (the Penn Chinese Treebank's, the Universal
// Dependencies treebanks') count as two words, and it leaves number
// expressions in pieces. Unless Options.Jieba is set, accurate and search
// modes follow the standard with three rules over jieba's words and a
// slight preference for more, shorter words in the word graph.
//
// The rules are classes, not word lists: numerals and demonstratives
// before a measure word, a verb before the prepositions 于/为/自, and the
// parts of a written number. On the development set (cmd/segeval) they
// raise F1 from 0.789 to 0.822; the README has the table.

// wordBonus is added to each word's log-probability on the word graph: a
// per-word prior that makes a split into two known words win more often
// against the compound (e^2 ≈ 7 times the odds). 0 is jieba.
const wordBonus = 2.0

// numeralRunes may precede a measure word in a numeral-classifier phrase:
// numerals, approximate quantities and demonstratives.
const numeralRunes = "一二三四五六七八九十百千万亿两几数多每这那哪某各该本首半零〇0123456789"

// measureRunes are common measure words (classifiers). Ones that also end
// fixed expressions with 一 (一样, 一起, 一般, 一切…) are left out.
const measureRunes = "个种座部条位名家项次件张所支只台场篇份间辆架枚届批块片层段句门扇匹株颗棵根艘幅封笔番阵遍趟期季集代任轮类"

// runeSet is a set of runes below 0xA000 (the CJK block and ASCII).
type runeSet [0xA000 / 64]uint64

func newRuneSet(runes string) *runeSet {
	var s runeSet
	for _, r := range runes {
		s[r/64] |= 1 << (r % 64)
	}
	return &s
}

func (s *runeSet) has(r rune) bool {
	return r >= 0 && r < 0xA000 && s[r/64]&(1<<(r%64)) != 0
}

var (
	numerals = newRuneSet(numeralRunes)
	measures = newRuneSet(measureRunes)
)

// splitMeasure splits a numeral-classifier word (一个, 这种, 第一个) into
// the numeral and the measure word.
func splitMeasure(word string) (head string, ok bool) {
	// At least a digit and a three-byte measure word.
	if len(word) < 4 || word[len(word)-3] < 0xE4 || word[len(word)-3] > 0xE9 {
		return "", false
	}
	last, size := utf8.DecodeLastRuneInString(word)
	if size == len(word) || !measures.has(last) {
		return "", false
	}
	head = word[:len(word)-size]
	num := strings.TrimPrefix(head, "第")
	if num == "" {
		return "", false
	}
	for _, r := range num {
		if !numerals.has(r) {
			return "", false
		}
	}
	return head, true
}

// splitVerbPreposition splits a two-character verb ending in 于, 为 or 自
// (位于, 成为, 来自) when its first character is a free word at least half
// as frequent as the compound: then the compound is a verb and a
// preposition, not a lexicalized word (认为, 行为 stay whole).
func (c *cutter) splitVerbPreposition(word string) bool {
	// Two runes of three bytes, the second 于, 为 or 自.
	if len(word) != 6 || !(strings.HasSuffix(word, "于") || strings.HasSuffix(word, "为") || strings.HasSuffix(word, "自")) {
		return false
	}
	first, size := utf8.DecodeRuneInString(word)
	if size != 3 {
		return false
	}
	d := c.dict
	id, ok := d.Lookup(word)
	if !ok || d.POS(id) != "v" {
		return false
	}
	lpWord, ok := d.LogProb(id)
	if !ok {
		return false
	}
	fid, ok := d.Lookup(string(first))
	if !ok || strings.HasSuffix(d.POS(fid), "g") { // a bound morpheme
		return false
	}
	lpFirst, ok := d.LogProb(fid)
	return ok && lpFirst >= lpWord+math.Log(0.5)
}

// standardize rewrites the accurate tokens in c.out[from:] to the treebank
// standard.
func (c *cutter) standardize(from int) {
	toks := c.out[from:]
	// Most tokens need no rule: copy only from the first that does.
	first := 0
	for first < len(toks) && !c.needsRule(toks, first) {
		first++
	}
	if first == len(toks) {
		return
	}
	from += first
	toks = toks[first:]
	out := c.sc.std[:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if n, ok := c.numberSpan(toks, i); ok {
			out = append(out, c.join(toks[i], toks[n-1]))
			i = n - 1
			continue
		}
		if head, ok := splitMeasure(t.Word); ok {
			out = c.split(out, t, len(head))
			continue
		}
		if c.splitVerbPreposition(t.Word) {
			_, size := utf8.DecodeRuneInString(t.Word)
			out = c.split(out, t, size)
			continue
		}
		out = append(out, t)
	}
	c.out = append(c.out[:from], out...)
	clear(out) // the pooled buffer must not keep the text alive
	c.sc.std = out[:0]
}

// needsRule reports whether a rule applies at toks[i].
func (c *cutter) needsRule(toks []Token, i int) bool {
	if _, ok := c.numberSpan(toks, i); ok {
		return true
	}
	if _, ok := splitMeasure(toks[i].Word); ok {
		return true
	}
	return c.splitVerbPreposition(toks[i].Word)
}

// split appends t cut in two at byte offset at.
func (c *cutter) split(out []Token, t Token, at int) []Token {
	n := utf8.RuneCountInString(t.Word[:at])
	return append(out,
		Token{Word: t.Word[:at], Start: t.Start, End: t.Start + n, Byte: t.Byte},
		Token{Word: t.Word[at:], Start: t.Start + n, End: t.End, Byte: t.Byte + at})
}

// join is the token spanning a through b, which are adjacent in the text.
func (c *cutter) join(a, b Token) Token {
	end := b.Byte + len(b.Word)
	return Token{Word: c.text[a.Byte:end], Start: a.Start, End: b.End, Byte: a.Byte}
}

// numberSpan finds a written number starting at toks[i] that jieba left in
// pieces, and returns the index after its last token:
//   - thousands separators: 16 , 250 → 16,250;
//   - a number and a numeral unit: 8000 万 → 8000万, 1.3 万 → 1.3万;
//   - an ordinal: 第 6 → 第6.
func (c *cutter) numberSpan(toks []Token, i int) (int, bool) {
	adjacent := func(j int) bool {
		return j < len(toks) && toks[j-1].Byte+len(toks[j-1].Word) == toks[j].Byte
	}
	t := toks[i].Word
	if t == "" || t[0] != "第"[0] && (t[0] < '0' || t[0] > '9') {
		return 0, false // the common case: neither a number nor 第
	}
	switch {
	case t == "第":
		if adjacent(i+1) && allDigits(toks[i+1].Word) {
			return i + 2, true
		}
		return 0, false
	case !isNumber(t):
		return 0, false
	}
	j := i + 1
	for adjacent(j) && adjacent(j+1) && toks[j].Word == "," && len(toks[j+1].Word) == 3 && allDigits(toks[j+1].Word) {
		j += 2
	}
	if adjacent(j) {
		switch toks[j].Word {
		case "万", "亿", "千", "百", "万亿":
			j++
		}
	}
	return j, j > i+1
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isNumber matches digits with an optional decimal part.
func isNumber(s string) bool {
	whole, frac, dot := strings.Cut(s, ".")
	return allDigits(whole) && (!dot || allDigits(frac))
}
