// Package segmenter cuts Chinese text into words the way jieba does, over a
// compiled dictionary (package segdict): accurate mode (the most probable
// path through the dictionary's word graph, with an HMM for runs of unknown
// characters), full mode (every dictionary word) and search mode (accurate
// words plus their dictionary sub-words). A Segmenter is a value with no
// global state and safe for concurrent use.
package segmenter

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"cloudtools/internal/chinese/segdict"
	"cloudtools/internal/layout"
)

// Mode is one of jieba's cutting modes.
type Mode int

const (
	// Accurate is jieba's cut: words tile the text.
	Accurate Mode = iota
	// Full is jieba's cut_all: every dictionary word found, overlapping.
	Full
	// Search is jieba's cut_for_search: accurate words, each preceded by
	// its 2- and 3-character dictionary sub-words.
	Search
)

// String is the mode's API name.
func (m Mode) String() string {
	switch m {
	case Full:
		return "full"
	case Search:
		return "search"
	}
	return "accurate"
}

// ParseMode reads an API mode name.
func ParseMode(s string) (Mode, bool) {
	switch s {
	case "accurate":
		return Accurate, true
	case "full":
		return Full, true
	case "search":
		return Search, true
	}
	return Accurate, false
}

// Token is a word and where it is: Start and End are rune offsets into the
// text ([Start, End)), Byte the byte offset of its first byte. Word is a
// substring of the text, not a copy.
type Token struct {
	Word       string
	Start, End int
	Byte       int
}

// Options change how a Segmenter cuts.
type Options struct {
	// Jieba reproduces jieba 0.42.1's own output over the dictionary's
	// jieba lexicon (gse's copy of jieba's word list, which differs from
	// jieba's dict.txt in a few thousand entries).
	// Otherwise the default style applies: the Standard lexicon (folded
	// scripts and widths, no placeholder phrases; package segdict) and the
	// rules of standard.go.
	Jieba bool
}

// Segmenter segments text with one dictionary.
type Segmenter struct {
	dict    *segdict.Dict
	lex     *segdict.Lexicon
	rules   *rules // nil in jieba style
	opts    Options
	scratch sync.Pool // *scratch: per-call buffers, reused
}

// New returns a Segmenter over dict, which must stay open while in use.
// It fails when the lexicon it needs is corrupt (segdict.Dict.Lexicon).
func New(dict *segdict.Dict, opts Options) (*Segmenter, error) {
	kind := segdict.Standard
	if opts.Jieba {
		kind = segdict.Jieba
	}
	lex, err := dict.Lexicon(kind)
	if err != nil {
		return nil, err
	}
	s := &Segmenter{dict: dict, lex: lex, opts: opts}
	if !opts.Jieba {
		s.rules = newRules(s.lex)
	}
	return s, nil
}

// Dict is the segmenter's dictionary.
func (s *Segmenter) Dict() *segdict.Dict { return s.dict }

// Lexicon is the word list the segmenter cuts with.
func (s *Segmenter) Lexicon() *segdict.Lexicon { return s.lex }

// Cut returns the words of text in accurate mode.
func (s *Segmenter) Cut(text string, hmm bool) []string {
	return Words(s.Tokenize(nil, text, Accurate, hmm))
}

// CutAll returns the words of text in full mode.
func (s *Segmenter) CutAll(text string) []string {
	return Words(s.Tokenize(nil, text, Full, false))
}

// CutForSearch returns the words of text in search mode.
func (s *Segmenter) CutForSearch(text string, hmm bool) []string {
	return Words(s.Tokenize(nil, text, Search, hmm))
}

// Words lists the tokens' words.
func Words(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Word
	}
	return out
}

// Tokenize appends text's tokens in the given mode to dst. hmm turns on
// new-word discovery for runs of characters the dictionary does not join
// (accurate and search modes). Whitespace is never a token.
func (s *Segmenter) Tokenize(dst []Token, text string, mode Mode, hmm bool) []Token {
	return s.TokenizeWith(dst, text, mode, hmm, nil)
}

// TokenizeWith is Tokenize with the call's own words (Segmenter.CustomWords
// of this segmenter; nil for none).
func (s *Segmenter) TokenizeWith(dst []Token, text string, mode Mode, hmm bool, words *CustomWords) []Token {
	if words != nil && words.seg != s {
		panic("segmenter: custom words made by another segmenter")
	}
	sc, _ := s.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	c := cutter{dict: s.dict, lex: s.lex, std: !s.opts.Jieba, rules: s.rules, sc: sc, text: text, out: dst, words: words}
	switch mode {
	case Full:
		c.cutAll()
	default:
		c.cut(hmm)
		if !s.opts.Jieba {
			c.standardize(len(dst))
		}
		c.splitForced(len(dst))
		if mode == Search {
			c.out = c.searchExpand(len(dst))
		}
	}
	s.scratch.Put(sc)
	return c.out
}

// IsWord reports whether word is in the dictionary as a word.
func (s *Segmenter) IsWord(word string) bool { return s.lex.IsWord(word) }

// Load opens the compiled dictionary in dir (layout.DictFile) and returns
// a Segmenter over it.
func Load(dir string, opts Options) (*Segmenter, error) {
	path := filepath.Join(dir, layout.DictFile)
	d, err := segdict.Open(path)
	if err != nil {
		return nil, err
	}
	s, err := New(d, opts)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("dictionary %s: %w", path, err)
	}
	return s, nil
}

// POS tags a word: the dictionary's tag (jieba's ICTCLAS-style tags), else
// m for numbers (16,250, 8000万, 第6), t for dates (1996年, 3月), eng for
// Latin words, n for a word of Han characters the dictionary lacks (the
// HMM's new words are mostly names and nouns), and x for anything else.
func (s *Segmenter) POS(word string) string {
	if id, ok := s.lex.Lookup(word); ok {
		if _, ok := s.lex.LogProb(id); ok {
			if pos := s.lex.POS(id); pos != "" {
				return pos
			}
		}
	}
	if word == "" {
		return "x"
	}
	if s.numeric(word) {
		return "m"
	}
	if last, n := utf8.DecodeLastRuneInString(word); n < len(word) && s.numeric(word[:len(word)-n]) {
		switch last {
		case '年', '月', '日', '号', '號':
			return "t"
		case '万', '亿', '千', '百', '萬', '億':
			return "m"
		}
	}
	if rest, ok := strings.CutPrefix(word, "第"); ok && s.numeric(rest) {
		return "m"
	}
	latin, han := true, true
	for _, r := range word {
		if !s.opts.Jieba {
			r = segdict.FoldWidth(r)
		}
		latin = latin && isASCIIAlnum(r)
		han = han && isHan(r)
	}
	switch {
	case latin:
		return "eng"
	case han && utf8.RuneCountInString(word) > 1:
		return "n"
	}
	return "x"
}

// numeric reports whether word is digits with separators (16,250, 12.5%),
// what POS tags m (standard.go's isNumber is the narrower rule for joining).
func (s *Segmenter) numeric(word string) bool {
	digit := false
	for _, r := range word {
		if !s.opts.Jieba {
			r = segdict.FoldWidth(r)
		}
		if !isDigit(r) && r != '.' && r != ',' && r != '%' {
			return false
		}
		digit = digit || isDigit(r)
	}
	return digit
}
