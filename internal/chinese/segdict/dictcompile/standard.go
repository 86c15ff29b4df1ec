package dictcompile

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/segdict"
	ff "cloudtools/internal/chinese/segdict/internal/fileformat"
)

// The Standard lexicon is jieba's word list made to generalize across
// segmentation standards and scripts, by classes, never by word lists:
//
//   - Script and width: every word is stored folded (traditional
//     characters onto their simplified twins through OpenCC's character
//     table, full-width letters, digits and signs onto ASCII), and the
//     lexicon's rune table folds the text the same way, so 資訊 and
//     ２０２４ find 资讯 and 2024. Words that fold together keep the
//     higher frequency.
//   - Phrases: jieba gives a frequency of 1 to 3 to entries it has no
//     count for. A 3- or 4-character placeholder entry that splits into two
//     words the dictionary counts as frequent is a phrase, not a word
//     (新年贺词): it would win against its parts on the word graph with a
//     made-up count. So is a 4-character entry whose two halves are each
//     ten times as frequent as it (信息技术, 三峡工程). The Standard lexicon
//     keeps them as keys (for IDF) but not as words.

// placeholderFreq is the highest of jieba's placeholder frequencies.
const placeholderFreq = 3

// frequentFreq is the frequency from which a word counts as frequent: ten
// occurrences per million of the dictionary's 60 million.
const frequentFreq = 600

// phraseRatio: a 4-character entry whose halves are each an order of
// magnitude more frequent than it is a phrase of two words.
const phraseRatio = 10

// ambiguousShare: a character that is simplified as well as traditional
// (於, 瞭, 徵) is folded when the simplified word list uses it less than
// a tenth as often as the character it folds onto.
const ambiguousShare = 10

// folder folds runes for the Standard lexicon.
type folder struct{ table map[rune]rune }

// newFolder is the fold table: every unambiguous fold, and the ambiguous
// ones the word list hardly uses (by the summed frequency of the words
// holding each character).
func newFolder(fold, ambiguous map[rune]rune, words []Entry) *folder {
	table := make(map[rune]rune, len(fold)+len(ambiguous))
	for t, s := range fold {
		table[t] = s
	}
	if len(ambiguous) > 0 {
		// How much the word list uses each ambiguous character and each
		// character one folds onto, in one pass.
		use := map[rune]int64{}
		for t, s := range ambiguous {
			use[t], use[s] = 0, 0
		}
		for _, e := range words {
			for _, r := range e.Word {
				if _, ok := use[r]; ok {
					use[r] += e.Freq
				}
			}
		}
		for t, s := range ambiguous {
			if use[t]*ambiguousShare < use[s] {
				table[t] = s
			}
		}
	}
	return &folder{table: table}
}

func (f *folder) rune(r rune) rune {
	if s, ok := f.table[r]; ok {
		return s
	}
	return segdict.FoldWidth(r)
}

func (f *folder) word(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		b.WriteRune(f.rune(r))
	}
	return b.String()
}

// sources lists the runes that fold onto another, sorted.
func (f *folder) sources() []rune {
	out := make([]rune, 0, len(f.table)+segdict.FullWidthLast-segdict.FullWidthFirst+1)
	for r := range f.table {
		out = append(out, r)
	}
	for r := rune(segdict.FullWidthFirst); r <= segdict.FullWidthLast; r++ {
		out = append(out, r)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// standardWords derives the Standard lexicon's words and IDF table from
// jieba's keys (merged, in id order) and IDF table.
func standardWords(jieba []Entry, idf map[string]float64, fold *folder) ([]Entry, map[string]float64) {
	index := map[string]int{}
	var words []Entry
	for _, e := range jieba {
		e.Word = fold.word(e.Word)
		if i, ok := index[e.Word]; ok {
			if e.Freq > words[i].Freq {
				words[i] = e
			}
			continue
		}
		index[e.Word] = len(words)
		words = append(words, e)
	}
	freq := func(w string) int64 {
		if i, ok := index[w]; ok {
			return words[i].Freq
		}
		return 0
	}
	for i, e := range words {
		if isPhrase(e, freq) {
			words[i].Freq = 0
		}
	}
	// Folded IDF: an entry already in simplified form wins over one that
	// folds onto it.
	stdIDF := make(map[string]float64, len(idf))
	for _, w := range slices.Sorted(maps.Keys(idf)) {
		fw := fold.word(w)
		if _, ok := stdIDF[fw]; !ok || fw == w {
			stdIDF[fw] = idf[w]
		}
	}
	return words, stdIDF
}

// isPhrase: a 3- or 4-character entry with a placeholder frequency that
// is two frequent words, or a 4-character entry whose two 2-character
// halves are each at least phraseRatio times as frequent as it is (信息技术:
// 397 against 信息 12,256 and 技术 37,664). Idioms keep their rare halves
// (一心一意) and stay words.
func isPhrase(e Entry, freq func(string) int64) bool {
	n := utf8.RuneCountInString(e.Word)
	if e.Freq < 1 || n < 3 || n > 4 {
		return false
	}
	if e.Freq <= placeholderFreq {
		for i := range e.Word {
			if i > 0 && freq(e.Word[:i]) >= frequentFreq && freq(e.Word[i:]) >= frequentFreq {
				return true
			}
		}
	}
	if n == 4 {
		_, a := utf8.DecodeRuneInString(e.Word)
		_, b := utf8.DecodeRuneInString(e.Word[a:])
		half, least := a+b, phraseRatio*max(e.Freq, placeholderFreq)
		return freq(e.Word[:half]) >= least && freq(e.Word[half:]) >= least
	}
	return false
}

// functionPOS are the closed word classes of jieba's (ICTCLAS) tag set
// whose one-character words the HMM must not glue into new words:
// pronouns, prepositions, conjunctions, particles, adverbs, numerals,
// classifiers, direction words, modals and interjections.
func functionPOS(pos string) bool {
	if pos == "" {
		return false
	}
	switch pos[0] {
	case 'r', 'p', 'c', 'u', 'd', 'm', 'q', 'f', 'y', 'e':
		return true
	}
	return false
}

// codeFlags are the per-code flags of l, from its one-character words.
func codeFlags(l *lexicon, numCodes int, codes map[rune]int32) []uint8 {
	flags := make([]uint8, numCodes)
	for _, k := range l.keys {
		r, size := utf8.DecodeRuneInString(k.Word)
		if size == len(k.Word) && k.Freq > 0 && functionPOS(k.POS) {
			flags[codes[r]] |= ff.FlagFunction
		}
	}
	return flags
}
