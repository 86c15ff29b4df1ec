package main

import (
	"context"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"cloudtools/internal/apigw"
)

// segmenter is what the tool needs of a segmentation engine.
type segmenter interface {
	// Cut is jieba's accurate mode; its words tile the text in order.
	Cut(text string, hmm bool) []string
	// CutAll is jieba's full mode: every dictionary word, ordered by start.
	CutAll(text string) []string
	// Lookup reports whether word is in the dictionary, and its POS tag.
	Lookup(word string) (pos string, ok bool)
}

type service struct{ seg segmenter }

func newService(seg segmenter) *service { return &service{seg: seg} }

// token is a word with rune offsets into the text ([start, end)).
type token struct {
	Word  string `json:"word"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	POS   string `json:"pos,omitempty"`
}

type response struct {
	Words  []string `json:"words"`
	Tokens []token  `json:"tokens,omitempty"`
}

func (s *service) handle(_ context.Context, req *apigw.Request) apigw.Response {
	r, rerr := parseRequest(req)
	if rerr != nil {
		return rerr.response()
	}
	toks := s.tokenize(r.Text, r.Mode, r.HMM)
	out := response{Words: make([]string, len(toks))}
	for i, t := range toks {
		out.Words[i] = t.Word
	}
	if r.POS || r.Offsets {
		if r.POS {
			for i := range toks {
				toks[i].POS = s.posOf(toks[i].Word)
			}
		}
		out.Tokens = toks
	}
	return apigw.JSON(http.StatusOK, out)
}

// tokenize segments text in the given mode.
func (s *service) tokenize(text, mode string, hmm bool) []token {
	var toks []token
	switch mode {
	case modeFull:
		toks = locateOrdered(text, s.seg.CutAll(text))
	case modeSearch:
		toks = s.searchTokens(locateTiling(text, s.seg.Cut(text, hmm)))
	default:
		toks = locateTiling(text, s.seg.Cut(text, hmm))
	}
	return splitSpaces(toks)
}

// splitSpaces cuts whitespace out of tokens (gse glues it to punctuation,
// as in ", "): whitespace is never a word, nor part of one.
func splitSpaces(toks []token) []token {
	out := toks[:0:0]
	for _, t := range toks {
		if !strings.ContainsFunc(t.Word, unicode.IsSpace) {
			out = append(out, t)
			continue
		}
		start, runeAt := -1, t.Start
		var b strings.Builder
		flush := func(end int) {
			if start >= 0 {
				out = append(out, token{Word: b.String(), Start: start, End: end})
				b.Reset()
				start = -1
			}
		}
		for _, r := range t.Word {
			if unicode.IsSpace(r) {
				flush(runeAt)
			} else {
				if start < 0 {
					start = runeAt
				}
				b.WriteRune(r)
			}
			runeAt++
		}
		flush(runeAt)
	}
	return out
}

// searchTokens is jieba's cut_for_search over accurate-mode tokens: before
// each long word, its 2- and 3-character parts that are dictionary words.
func (s *service) searchTokens(words []token) []token {
	var out []token
	for _, w := range words {
		runes := []rune(w.Word)
		for _, n := range []int{2, 3} {
			if len(runes) <= n {
				continue
			}
			for i := 0; i+n <= len(runes); i++ {
				gram := string(runes[i : i+n])
				if _, ok := s.seg.Lookup(gram); ok {
					out = append(out, token{Word: gram, Start: w.Start + i, End: w.Start + i + n})
				}
			}
		}
		out = append(out, w)
	}
	return out
}

// locateTiling gives offsets to words that follow each other through text.
// A word not found at the cursor (an engine that altered it) is searched
// for further on, so offsets stay true to the text.
func locateTiling(text string, words []string) []token {
	runes := []rune(text)
	toks := make([]token, 0, len(words))
	cursor := 0
	for _, w := range words {
		wr := []rune(w)
		at := indexRunes(runes, wr, cursor)
		if at < 0 {
			continue
		}
		toks = append(toks, token{Word: w, Start: at, End: at + len(wr)})
		cursor = at + len(wr)
	}
	return toks
}

// locateOrdered gives offsets to full-mode words, which are ordered by start
// and, at one start, by increasing length; a word no longer than the last
// one found at the same start must begin later (repeats like 哈哈哈).
func locateOrdered(text string, words []string) []token {
	runes := []rune(text)
	toks := make([]token, 0, len(words))
	lastStart, lastLen := 0, 0
	for _, w := range words {
		wr := []rune(w)
		at := indexRunes(runes, wr, lastStart)
		if at == lastStart && len(wr) <= lastLen {
			at = indexRunes(runes, wr, lastStart+1)
		}
		if at < 0 {
			continue
		}
		toks = append(toks, token{Word: w, Start: at, End: at + len(wr)})
		lastStart, lastLen = at, len(wr)
	}
	return toks
}

// searchWindow bounds how far a word is looked for past where it is
// expected, keeping offsets linear in the text's length.
const searchWindow = 256

func indexRunes(haystack, needle []rune, from int) int {
	if len(needle) == 0 {
		return -1
	}
	for i := from; i+len(needle) <= len(haystack) && i <= from+searchWindow; i++ {
		match := true
		for j, r := range needle {
			if haystack[i+j] != r {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// posOf tags a word: the dictionary's tag, else jieba's tags for numbers
// (m), Latin words (eng) and anything else (x).
func (s *service) posOf(word string) string {
	if pos, ok := s.seg.Lookup(word); ok && pos != "" {
		return pos
	}
	digits, letters := true, true
	for _, r := range word {
		if r >= utf8.RuneSelf || !unicode.IsDigit(r) && r != '.' {
			digits = false
		}
		if r >= utf8.RuneSelf || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			letters = false
		}
	}
	switch {
	case digits:
		return "m"
	case letters:
		return "eng"
	}
	return "x"
}
