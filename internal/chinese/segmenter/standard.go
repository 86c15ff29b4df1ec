package segmenter

import (
	"slices"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/segdict"
)

// The default style's rules: jieba's dictionary holds compounds that most
// segmentation standards count as two words, and it leaves number
// expressions in pieces. Unless Options.Jieba is set, accurate and search
// modes follow what most standards agree on (the Penn Chinese Treebank's,
// the Universal Dependencies treebanks', Peking University's and
// Microsoft Research's) with rules over jieba's words, on the standard
// lexicon (package segdict), which drops jieba's phrases.
//
// The rules are classes, not word lists: a numeral or demonstrative before
// a measure word is two words (three standards of four split 一个, 这种);
// a written number is one word (16,250, 8000万, 第6, and a date part
// such as 1996年, 3月, 15日, which three standards of four join). Where
// one standard alone differs (the UD treebanks split 成为, 位于), the
// majority is followed. docs/CHINESE.md has each rule's measured effect.

// numeralRunes may precede a measure word in a numeral-classifier phrase:
// numerals, approximate quantities and demonstratives.
const numeralRunes = "一二三四五六七八九十百千万亿两几数多每这那哪某各该本首半零〇0123456789"

// measureRunes are common measure words (classifiers). Ones that also end
// fixed expressions with 一 (一样, 一起, 一般, 一切…) are left out.
const measureRunes = "个种座部条位名家项次件张所支只台场篇份间辆架枚届批块片层段句门扇匹株颗棵根艘幅封笔番阵遍趟期季集代任轮类"

// codeSet is a small set of the Standard lexicon's rune codes: a
// traditional or full-width rune has its simplified or ASCII twin's code,
// so one set serves both scripts (個 is 个). The sets hold a few dozen
// codes and are read once per candidate token, so a sorted slice beats a
// bitmap that every cold start would have to zero.
type codeSet []int32

func newCodeSet(lex *segdict.Lexicon, runes string) codeSet {
	var s codeSet
	for _, r := range runes {
		if c := lex.Code(r); c > 0 {
			s = append(s, c)
		}
	}
	slices.Sort(s)
	return slices.Compact(s)
}

func (s codeSet) has(c int32) bool {
	_, ok := slices.BinarySearch(s, c)
	return ok && c > 0
}

// rules are the default style's character classes as code sets.
type rules struct {
	numerals, measures codeSet
	units              codeSet // 万 亿 千 百 after a number
	dateUnits          codeSet // 年 月 日 号 after digits
	ordinal            int32   // 第
}

func newRules(lex *segdict.Lexicon) *rules {
	return &rules{
		numerals:  newCodeSet(lex, numeralRunes),
		measures:  newCodeSet(lex, measureRunes),
		units:     newCodeSet(lex, "万亿千百"),
		dateUnits: newCodeSet(lex, "年月日号"),
		ordinal:   lex.Code('第'),
	}
}

// splitMeasure splits a numeral-classifier word (一个, 这种, 第一个) into
// the numeral and the measure word; head is the numeral's length in bytes.
func (c *cutter) splitMeasure(word string) (head int, ok bool) {
	// At least a digit and a three-byte measure word.
	if len(word) < 4 || word[len(word)-3] < 0xE4 || word[len(word)-3] > 0xE9 {
		return 0, false
	}
	last, size := utf8.DecodeLastRuneInString(word)
	if size == len(word) || !c.rules.measures.has(c.lex.Code(last)) {
		return 0, false
	}
	head = len(word) - size
	num := word[:head]
	if first, n := utf8.DecodeRuneInString(num); c.lex.Code(first) == c.rules.ordinal {
		num = num[n:]
	}
	if num == "" {
		return 0, false
	}
	for _, r := range num {
		if !c.rules.numerals.has(c.lex.Code(r)) {
			return 0, false
		}
	}
	return head, true
}

// standardize rewrites the accurate tokens in c.out[from:] to the default
// style's conventions.
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
		n, ok := c.numberSpan(toks, i)
		if !ok {
			n, ok = hyphenSpan(toks, i)
		}
		if ok {
			out = append(out, c.join(toks[i], toks[n-1]))
			i = n - 1
			continue
		}
		if head, ok := c.splitMeasure(t.Word); ok && !c.words.Keeps(t.Word) {
			out = c.split(out, t, head)
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
	if _, ok := hyphenSpan(toks, i); ok {
		return true
	}
	_, ok := c.splitMeasure(toks[i].Word)
	return ok
}

// hyphenSpan finds Latin letters and digits joined by hyphens (AK-47,
// COVID-19, Wi-Fi; full-width forms too) that jieba left in pieces, and
// returns the index after the last piece: one word, as the standards
// keep model numbers and Latin compounds.
func hyphenSpan(toks []Token, i int) (int, bool) {
	if !latinWord(toks[i].Word) {
		return 0, false
	}
	j := i + 1
	for adjacent(toks, j) && adjacent(toks, j+1) && (toks[j].Word == "-" || toks[j].Word == "－") && latinWord(toks[j+1].Word) {
		j += 2
	}
	return j, j > i+1
}

// latinWord reports whether s is ASCII or full-width letters and digits.
func latinWord(s string) bool {
	if s == "" || s[0] >= utf8.RuneSelf && s[0] != fullWidthLead {
		return false // the common case: a Han word
	}
	for _, r := range s {
		if !isASCIIAlnum(segdict.FoldWidth(r)) {
			return false
		}
	}
	return true
}

// split appends t cut in two at byte offset at.
func (c *cutter) split(out []Token, t Token, at int) []Token {
	n := utf8.RuneCountInString(t.Word[:at])
	return append(out,
		Token{Word: t.Word[:at], Start: t.Start, End: t.Start + n, Byte: t.Byte},
		Token{Word: t.Word[at:], Start: t.Start + n, End: t.End, Byte: t.Byte + at})
}

// adjacent reports whether toks[j] exists and follows toks[j-1] with
// nothing between them in the text.
func adjacent(toks []Token, j int) bool {
	return j < len(toks) && toks[j-1].Byte+len(toks[j-1].Word) == toks[j].Byte
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
//   - an ordinal: 第 6 → 第6;
//   - a date part: 1996 年 → 1996年, 3 月 → 3月, 15 日 → 15日, 15 号.
//
// Digits may be full-width (１９９６年).
func (c *cutter) numberSpan(toks []Token, i int) (int, bool) {
	t := toks[i].Word
	if t == "" || t[0] != "第"[0] && t[0] != fullWidthLead && (t[0] < '0' || t[0] > '9') {
		return 0, false // the common case: neither a number nor 第
	}
	switch {
	case t == "第":
		if adjacent(toks, i+1) && allDigits(toks[i+1].Word) {
			return i + 2, true
		}
		return 0, false
	case !isNumber(t):
		return 0, false
	}
	j := i + 1
	for adjacent(toks, j) && adjacent(toks, j+1) && toks[j].Word == "," && len(toks[j+1].Word) == 3 && allDigits(toks[j+1].Word) {
		j += 2
	}
	if adjacent(toks, j) {
		unit, size := utf8.DecodeRuneInString(toks[j].Word)
		code := c.lex.Code(unit)
		switch {
		case size == len(toks[j].Word) && c.rules.units.has(code):
			j++
		case toks[j].Word == "万亿":
			j++
		case size == len(toks[j].Word) && c.rules.dateUnits.has(code) && j == i+1 && allDigits(t):
			j++
		}
	}
	return j, j > i+1
}

// fullWidthLead is the first byte of a full-width digit's UTF-8 form.
const fullWidthLead = 0xEF

// allDigits reports whether s is ASCII or full-width digits.
func allDigits(s string) bool {
	for _, r := range s {
		if r = segdict.FoldWidth(r); r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// isNumber matches digits with an optional decimal part.
func isNumber(s string) bool {
	s = strings.ReplaceAll(s, "．", ".")
	whole, frac, dot := strings.Cut(s, ".")
	return allDigits(whole) && (!dot || allDigits(frac))
}
