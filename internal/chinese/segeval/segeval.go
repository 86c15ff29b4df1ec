// Package segeval scores word segmentations against a gold standard by
// matching word spans, the usual measure for Chinese word segmentation.
package segeval

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/segmenter"
)

// Span is a word's place in its sentence, in runes: [Start, End).
type Span struct{ Start, End int }

// Score counts matching spans over a corpus.
type Score struct {
	Gold, Got, Match int
}

// Add scores one sentence.
func (s *Score) Add(gold, got []Span) {
	set := make(map[Span]bool, len(gold))
	for _, g := range gold {
		set[g] = true
	}
	for _, o := range got {
		if set[o] {
			s.Match++
			delete(set, o) // a span counts once
		}
	}
	s.Gold += len(gold)
	s.Got += len(got)
}

// Precision is the share of segmented words that are gold words.
func (s Score) Precision() float64 { return ratio(s.Match, s.Got) }

// Recall is the share of gold words found.
func (s Score) Recall() float64 { return ratio(s.Match, s.Gold) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (s Score) String() string {
	return fmt.Sprintf("P %.4f R %.4f F1 %.4f", s.Precision(), s.Recall(), s.F1())
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Sentence is a gold sentence: its text and word spans.
type Sentence struct {
	Text  string
	Words []Span
}

// ReadGold reads one sentence per line, words separated by two spaces.
func ReadGold(r io.Reader) ([]Sentence, error) {
	var out []Sentence
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			continue
		}
		words := strings.Split(line, "  ")
		out = append(out, Sentence{Text: strings.Join(words, ""), Words: Tiling(words)})
	}
	return out, sc.Err()
}

// Tiling gives spans to words that follow each other with nothing between.
func Tiling(words []string) []Span {
	spans := make([]Span, 0, len(words))
	at := 0
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		spans = append(spans, Span{at, at + n})
		at += n
	}
	return spans
}

// Order is how a segmenter lists words, which Locate needs to place them.
type Order int

const (
	// Tiled words follow each other (accurate mode).
	Tiled Order = iota
	// ByStart words may overlap; their starts never decrease (full mode).
	ByStart
	// SubwordsFirst lists a word's sub-words before it (search mode).
	SubwordsFirst
)

// Locate gives spans to a segmenter's words, found in text in the given
// order. Words not found are dropped.
func Locate(text string, words []string, order Order) []Span {
	runes := []rune(text)
	spans := make([]Span, 0, len(words))
	seen := map[Span]bool{} // a segmenter lists a span once
	prevStart, prevEnd := 0, 0
	for _, w := range words {
		wr := []rune(w)
		from := prevEnd
		switch order {
		case ByStart:
			from = prevStart
		case SubwordsFirst:
			// The word starts at most len-2 runes before its last sub-word.
			from = max(0, prevStart-(len(wr)-2))
		}
		at := indexRunes(runes, wr, from)
		for at >= 0 && seen[Span{at, at + len(wr)}] {
			at = indexRunes(runes, wr, at+1)
		}
		if at < 0 {
			continue
		}
		seen[Span{at, at + len(wr)}] = true
		spans = append(spans, Span{at, at + len(wr)})
		prevStart, prevEnd = at, at+len(wr)
	}
	return spans
}

func indexRunes(h, n []rune, from int) int {
	for i := from; i+len(n) <= len(h); i++ {
		if string(h[i:i+len(n)]) == string(n) {
			return i
		}
	}
	return -1
}

// Evaluate scores seg on the sentences in one mode.
func Evaluate(seg *segmenter.Segmenter, sents []Sentence, mode segmenter.Mode, hmm bool) Score {
	var s Score
	var toks []segmenter.Token
	for _, sent := range sents {
		toks = seg.Tokenize(toks[:0], sent.Text, mode, hmm)
		spans := make([]Span, len(toks))
		for i, t := range toks {
			spans[i] = Span{t.Start, t.End}
		}
		s.Add(sent.Words, spans)
	}
	return s
}

// JoinDates returns sents with each gold word of digits (ASCII or
// full-width) joined to a following 年, 月, 日 or 号, the convention most
// segmentation standards follow where the UD treebanks split.
func JoinDates(sents []Sentence) []Sentence {
	out := make([]Sentence, len(sents))
	for i, s := range sents {
		runes := []rune(s.Text)
		words := make([]Span, 0, len(s.Words))
		for j := 0; j < len(s.Words); j++ {
			w := s.Words[j]
			if j+1 < len(s.Words) && digits(runes[w.Start:w.End]) {
				if n := s.Words[j+1]; n.End-n.Start == 1 && strings.ContainsRune("年月日号", runes[n.Start]) {
					w.End = n.End
					j++
				}
			}
			words = append(words, w)
		}
		out[i] = Sentence{Text: s.Text, Words: words}
	}
	return out
}

func digits(rs []rune) bool {
	for _, r := range rs {
		if !(r >= '0' && r <= '9' || r >= '０' && r <= '９') {
			return false
		}
	}
	return len(rs) > 0
}

// RunningText is the simplified development set's sentences without their
// spaces, repeated and cut to at most n bytes of valid UTF-8: text for
// benchmarks at a route's limit. root is the module root.
func RunningText(root string, n int) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "internal", "chinese", "segeval", "testdata", "ud-gsdsimp-dev.gold.txt"))
	if err != nil {
		return "", err
	}
	one := strings.ReplaceAll(string(b), " ", "")
	s := strings.Repeat(one, n/len(one)+1)[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s, nil
}
