package keywords

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"cloudtools/internal/chinese/segdict"
	"cloudtools/internal/chinese/segmenter"
)

// A term is a candidate keyword of the default style: a single word, or a
// run of words that reads as one noun phrase (自然语言处理, 抗高血压药,
// 姿态控制系统).
type term struct {
	text  string  // the words joined, as they stand in the text
	parts int     // how many words
	idf   float64 // the mean IDF of its words
	first int     // the sentence of its first occurrence
	last  int     // the sentence of its last occurrence
	runs  []int   // the phrase (maximal run) of each occurrence, in order: its count is their number
}

// Term words by part of speech (jieba's ICTCLAS-style tags): heads may end
// a term (nouns, verbal nouns, names, Latin words, abbreviations, set
// phrases); modifiers may open or fill one (attributive words 非线性, 微型;
// adjectives 大角度). Everything else (function words, pronouns, numbers,
// measure words, times, places such as 上 or 中) ends a phrase.
func isHead(pos string) bool {
	switch pos {
	case "n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "vn", "an", "eng", "j", "l":
		return true
	}
	return false
}

func isModifier(pos string) bool { return pos == "b" || pos == "a" }

// maxTermWords and maxTermRunes bound a term's length: authors' keywords are
// mostly two to four words (and 97 % of those in CSL's development split
// are at most 12 characters).
const (
	maxTermWords = 4
	maxTermRunes = 12
)

// slot is one token of the text as terms see it.
type slot struct {
	word     string
	b0, b1   int // its bytes in the text
	runes    int
	idf      float64
	sentence int
	// head: the word can end a term; part: it can stand in one; verb:
	// only at one of its ends.
	head, part, verb bool
}

// termCandidates reads the text's terms: every contiguous run of words
// inside a phrase (a maximal run of term words, so never across
// punctuation, numbers or stop words) that ends with a head and is at most
// maxTermWords words and maxTermRunes characters long; a single word needs
// two characters. Terms are in order of first occurrence.
func (e *Extractor) termCandidates(text string, toks []segmenter.Token) []*term {
	slots := make([]slot, 0, len(toks))
	sentence := 0
	for i := 0; i < len(toks); i++ {
		word, n, id, ok := e.dictionaryWord(text, toks[i:])
		b0 := toks[i].Byte
		s := slot{word: word, b0: b0, b1: b0 + len(word), runes: utf8.RuneCountInString(word), sentence: sentence}
		var pos string
		s.idf, pos = e.wordFacts(word, n, id, ok)
		s.head, s.part, s.verb = e.termRole(word, pos, s.idf)
		slots = append(slots, s)
		i += n - 1
		if endsSentence(text, toks, i) {
			sentence++
		}
	}
	index := map[string]*term{}
	var terms []*term
	run := 0
	add := func(from, to int) {
		runes := 0
		for _, s := range slots[from:to] {
			runes += s.runes
		}
		text := text[slots[from].b0:slots[to-1].b1]
		if to-from > 1 && runes > maxTermRunes || to-from == 1 && !candidate(text) || e.words.Splits(text) {
			return
		}
		for _, s := range slots[from+1 : max(to-1, from+1)] {
			if s.verb {
				return
			}
		}

		sent := slots[from].sentence
		if t, ok := index[text]; ok {
			t.last = sent
			t.runs = append(t.runs, run)
			return
		}
		sum := 0.0
		for _, s := range slots[from:to] {
			sum += s.idf
		}
		t := &term{text: text, parts: to - from, idf: sum / float64(to-from), first: sent, last: sent, runs: []int{run}}
		index[text] = t
		terms = append(terms, t)
	}
	for i := 0; i < len(slots); {
		if !slots[i].part {
			i++
			continue
		}
		end := i + 1 // a phrase's words are adjacent in the text
		for end < len(slots) && slots[end].part && slots[end].b0 == slots[end-1].b1 {
			end++
		}
		for from := i; from < end; from++ {
			for to := from + 1; to <= end && to-from <= maxTermWords; to++ {
				if slots[to-1].head {
					add(from, to)
				}
			}
		}
		i = end
		run++
	}
	return terms
}

// dictionaryWord joins the first tokens when together they are one entry
// of the dictionary's word list, which the default style may cut finer
// (自然 语言 → 自然语言, as jieba keeps it; its lexicon keeps such phrases
// as keys with their tags, and reads traditional script as simplified):
// the longest such entry of at most maxTermWords tokens and maxTermRunes
// Han characters that the call does not split. n is how many tokens it
// takes (1: the first alone). One walk down the trie serves every length,
// and gives the word's key (ok false: none, or not looked up).
func (e *Extractor) dictionaryWord(text string, toks []segmenter.Token) (word string, n int, id int32, ok bool) {
	word, n = toks[0].Word, 1
	lex := e.seg.Lexicon()
	node, runes := segdict.Root, 0
	for k := 1; k <= min(maxTermWords, len(toks)); k++ {
		t := toks[k-1]
		if k > 1 && t.Byte != toks[k-2].Byte+len(toks[k-2].Word) {
			break // not adjacent in the text
		}
		for _, r := range t.Word {
			var next bool
			if !unicode.Is(unicode.Han, r) || runes == maxTermRunes {
				return word, n, id, ok
			}
			if node, next = lex.Next(node, lex.Code(r)); !next {
				return word, n, id, ok
			}
			runes++
		}
		key, isKey := lex.Key(node)
		if k == 1 {
			id, ok = key, isKey
			continue
		}
		// An entry of the word list has a tag; one of the IDF table alone
		// has none.
		if joined := text[toks[0].Byte : t.Byte+len(t.Word)]; isKey && lex.POS(key) != "" && !e.words.Splits(joined) {
			word, n, id, ok = joined, k, key, true
		}
	}
	return word, n, id, ok
}

// wordFacts are a word's IDF (the table's median where it has none) and
// part of speech (Segmenter.POSWith), from its key when the walk found one.
func (e *Extractor) wordFacts(word string, n int, id int32, ok bool) (idf float64, pos string) {
	lex := e.seg.Lexicon()
	if !ok {
		return lex.MedianIDF(), e.seg.POSWith(word, e.words)
	}
	idf, pos = lex.IDF(id), lex.POS(id)
	if _, isWord := lex.LogProb(id); n == 1 && (!isWord || pos == "") {
		pos = e.seg.POSWith(word, e.words) // a phrase key, or no tag: the segmenter's rules
	}
	return idf, pos
}

// termRole tells whether a word may end a term (head) and stand in one
// (part). A call's own words are heads. A verb is a head when it is
// specific (an IDF of at least Scoring.VerbIDF: 控制 in 姿态控制, 诊断 in
// 故障诊断), and a stop word otherwise (是, 进行, 提高). Numbers,
// punctuation and spaces are never part of a term; a word of letters and
// digits (SrAl2O4) may be.
func (e *Extractor) termRole(word, pos string, idf float64) (head, part, verb bool) {
	if e.words.Keeps(word) {
		return true, true, false
	}
	if isStopWord(word) || !termChars(word) {
		return false, false, false
	}
	switch {
	case isHead(pos):
		return true, true, false
	case pos == "v":
		specific := idf >= e.terms.VerbIDF
		return specific, specific, true
	case isModifier(pos):
		return false, true, false
	}
	return false, false, false
}

// termChars: letters (Han or any script) and digits, at least one letter.
func termChars(word string) bool {
	letter := false
	for _, r := range word {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
		letter = letter || unicode.IsLetter(r)
	}
	return letter
}

// endsSentence: token i is 。！？；!?; or a full stop that is not a
// decimal point, or a line break follows it (a title on a line of its own
// is a sentence; whitespace is never a token).
func endsSentence(text string, toks []segmenter.Token, i int) bool {
	switch toks[i].Word {
	case "。", "！", "？", "；", "!", "?", ";", "．":
		return true
	case ".":
		return i+1 == len(toks) || !startsWithDigit(toks[i+1].Word)
	}
	end := toks[i].Byte + len(toks[i].Word)
	return i+1 < len(toks) && strings.ContainsRune(text[end:toks[i+1].Byte], '\n')
}

func startsWithDigit(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return r >= '0' && r <= '9'
}
