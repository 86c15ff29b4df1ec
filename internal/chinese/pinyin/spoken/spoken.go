// Package spoken turns the readings of package pinyin, which are each
// character's own (citation) tone, into the tones and syllables a speaker
// says: tone sandhi of 一, 不 and the third tone, and erhua (儿 merged into
// the syllable before it). The rules are Standard Mandarin's, as
// textbooks teach them (Xiandai Hanyu Cidian's conventions):
//
//   - 不 is bú before a fourth tone (不要 bú yào), bu between two same
//     characters (好不好 hǎo bu hǎo), else bù.
//   - 一 is yí before a fourth tone (一个 yí gè), yì before a first, second
//     or third tone (一天 yì tiān), yi between two same characters (看一看
//     kàn yi kàn), and keeps yī as a numeral: after 第 or another numeral
//     (第一, 十一), before a digit numeral (一九八四), last in its word
//     (统一), before a punctuation mark or the end of the text.
//   - Third tone: in a word of two syllables, a third tone before a third
//     tone is said as a second (你好 ní hǎo, 水果 shuí guǒ). Longer words and
//     runs across words are left as they are: their sandhi depends on
//     prosodic grouping no rule reads reliably.
//   - Erhua: a word-final 儿 after another character of its word merges
//     into that character's syllable (一点儿 → one item 点儿, diǎnr; 哪儿
//     nǎr), whatever its reading alone, unless the word, or the word its
//     last characters make, is one whose 儿 is a syllable of its own (女儿,
//     婴儿, 小女儿: lexical_er.txt, from CC-CEDICT).
//
// The neutral tone of the next syllable counts as its citation tone where
// the data write one (个 gè); a syllable without a tone (a neutral one)
// does not trigger sandhi.
package spoken

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/pinyin"
)

// Options choose the rules.
type Options struct {
	ToneSandhi bool
	Erhua      bool
}

// ref locates a Han item: its word and its index there.
type ref struct{ w, k int }

// Apply rewrites the syllables of words (pinyin.Reader.Read's) in place;
// with Erhua, merged items leave their word's Items shorter.
func Apply(words []pinyin.Word, opt Options) {
	if opt.ToneSandhi {
		sandhi(words)
	}
	if opt.Erhua {
		erhua(words)
	}
}

func sandhi(words []pinyin.Word) {
	// The Han items in order; a non-Han item (punctuation, Latin, digits,
	// but not whitespace) breaks the run.
	var run []ref
	flush := func() {
		toneRun(words, run)
		run = run[:0]
	}
	for w := range words {
		for k, it := range words[w].Items {
			switch {
			case it.Han:
				run = append(run, ref{w, k})
			case strings.TrimSpace(it.Text) != "":
				flush()
			}
		}
	}
	flush()
	// Third tone, in words of two syllables.
	for w := range words {
		items := words[w].Items
		if len(items) == 2 && items[0].Han && items[1].Han && tone(items[0].Syllable) == 3 && tone(items[1].Syllable) == 3 {
			items[0].Syllable = retone(items[0].Syllable, 2)
		}
	}
}

// numerals are the characters that make 一 a numeral beside them.
const numerals = "〇零一二三四五六七八九十百千万亿两"

// digitNumerals make 一 before them part of a number read digit by digit.
const digitNumerals = "〇零一二三四五六七八九"

// toneRun applies the rules of 一 and 不 over a run of Han items.
func toneRun(words []pinyin.Word, run []ref) {
	item := func(i int) *pinyin.Item { return &words[run[i].w].Items[run[i].k] }
	text := func(i int) string {
		if i < 0 || i >= len(run) {
			return ""
		}
		return item(i).Text
	}
	for i := range run {
		it := item(i)
		if it.Text != "一" && it.Text != "不" {
			continue
		}
		prev, next := text(i-1), text(i+1)
		if prev != "" && prev == next && prev != it.Text {
			it.Syllable = retone(it.Syllable, 5) // 看一看, 好不好
			continue
		}
		if next == "" {
			continue // before a punctuation mark or the end: citation tone
		}
		nextTone := tone(item(i + 1).Syllable)
		if it.Text == "不" {
			if nextTone == 4 {
				it.Syllable = retone(it.Syllable, 2)
			} else {
				it.Syllable = retone(it.Syllable, 4)
			}
			continue
		}
		word := words[run[i].w]
		lastInWord := run[i].k == len(word.Items)-1 && len(word.Items) > 1
		if prev == "第" || strings.Contains(numerals, prev) && prev != "" || strings.Contains(digitNumerals, next) || lastInWord {
			it.Syllable = retone(it.Syllable, 1)
			continue
		}
		switch nextTone {
		case 4:
			it.Syllable = retone(it.Syllable, 2)
		case 1, 2, 3:
			it.Syllable = retone(it.Syllable, 4)
		}
	}
}

//go:embed lexical_er.txt
var lexicalErText string

// lexicalEr are the words of lexical_er.txt.
var lexicalEr = func() map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(lexicalErText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out[line] = true
		}
	}
	return out
}()

// ownEr: the word ends in a 儿 that is a syllable of its own.
func ownEr(word string) bool {
	for i := range word {
		if lexicalEr[word[i:]] && utf8.RuneCountInString(word[i:]) >= 2 {
			return true
		}
	}
	return false
}

func erhua(words []pinyin.Word) {
	for w := range words {
		items := words[w].Items
		n := len(items)
		if n < 2 || items[n-1].Text != "儿" || !items[n-2].Han || ownEr(words[w].Text) {
			continue
		}
		prev := &items[n-2]
		prev.Text += "儿"
		prev.Syllable += "r"
		words[w].Items = items[:n-1]
	}
}

// tone is a syllable's tone, 1–4, or 5 for the neutral tone.
func tone(syl string) int {
	n := pinyin.Numbered(syl)
	return int(n[len(n)-1] - '0')
}

// marks are the tone-marked vowels, tones 1–4.
var marks = map[rune][4]rune{
	'a': {'ā', 'á', 'ǎ', 'à'}, 'e': {'ē', 'é', 'ě', 'è'}, 'i': {'ī', 'í', 'ǐ', 'ì'},
	'o': {'ō', 'ó', 'ǒ', 'ò'}, 'u': {'ū', 'ú', 'ǔ', 'ù'}, 'ü': {'ǖ', 'ǘ', 'ǚ', 'ǜ'},
}

// retone writes a syllable with tone t (5: neutral, no mark). The mark
// goes where Hanyu Pinyin puts it: on a or e, on the o of ou, else on the
// last vowel.
func retone(syl string, t int) string {
	plain := pinyin.Format(syl, pinyin.None)
	if t == 5 {
		return plain
	}
	at := -1
	switch {
	case strings.ContainsRune(plain, 'a'):
		at = strings.IndexRune(plain, 'a')
	case strings.ContainsRune(plain, 'e'):
		at = strings.IndexRune(plain, 'e')
	case strings.Contains(plain, "ou"):
		at = strings.Index(plain, "ou")
	default:
		for i, c := range plain {
			if _, ok := marks[c]; ok {
				at = i
			}
		}
	}
	if at < 0 {
		return syl // a syllabic nasal (ń, ḿ): left as it is
	}
	c, size := utf8.DecodeRuneInString(plain[at:])
	return plain[:at] + string(marks[c][t-1]) + plain[at+size:]
}
