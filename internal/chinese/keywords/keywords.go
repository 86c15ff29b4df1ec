// Package keywords extracts a text's keywords in two ways:
//
//   - terms (NewTerms, the default style): candidate terms, words and the
//     noun phrases they make (terms.go), weighted by TF-IDF with length and
//     position (score.go), or ranked by a TextRank over the same
//     candidates biased toward those weights;
//   - words (New, style=jieba): jieba.analyse's extract_tags and textrank
//     exactly, TF-IDF over the segmenter's words with the dictionary's IDF
//     table, or TextRank over a co-occurrence graph of nouns and verbs.
package keywords

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/segmenter"
)

// Keyword is a word and its weight (TF-IDF, or TextRank scaled to at most 1).
type Keyword struct {
	Word   string  `json:"word"`
	Weight float64 `json:"weight"`
}

// stopWords are jieba.analyse's defaults; words of one character are
// skipped anyway.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("the of is and to in that we for an are by be as on with can if from which you it this then at have all not one has or") {
		stopWords[w] = true
	}
}

// candidate reports whether a word may be a keyword: two characters or
// more, not a stop word.
func candidate(word string) bool {
	w := strings.TrimSpace(word)
	return utf8.RuneCountInString(w) >= 2 && !isStopWord(w)
}

// isStopWord: the stop words are ASCII, so other words skip the lower-casing.
func isStopWord(w string) bool {
	return w != "" && w[0] < utf8.RuneSelf && stopWords[strings.ToLower(w)]
}

// Extractor extracts keywords with one segmenter; safe for concurrent use.
type Extractor struct {
	seg   *segmenter.Segmenter
	words *segmenter.CustomWords
	// terms, when set, makes keywords terms (terms.go) scored so;
	// otherwise they are single words, as in jieba.
	terms *Scoring
}

// New returns an Extractor over seg whose keywords are words, as
// jieba.analyse's.
func New(seg *segmenter.Segmenter) *Extractor { return &Extractor{seg: seg} }

// NewTerms returns an Extractor over seg whose keywords are terms
// (terms.go) weighed by sc: the default style's, with DefaultScoring.
func NewTerms(seg *segmenter.Segmenter, sc Scoring) *Extractor {
	return &Extractor{seg: seg, terms: &sc}
}

// With is the Extractor cutting with a call's own words (made by its
// segmenter); TextRank tags them with Segmenter.POSWith.
func (e *Extractor) With(words *segmenter.CustomWords) *Extractor {
	return &Extractor{seg: e.seg, words: words, terms: e.terms}
}

func (e *Extractor) tokens(text string) []segmenter.Token {
	return e.seg.TokenizeWith(nil, text, segmenter.Accurate, true, e.words)
}

// TFIDF is jieba's extract_tags: each candidate word's count, divided by
// the count of all candidates, times its IDF (the table's median for a word
// it lacks); the top words by weight, ties in order of first appearance.
func (e *Extractor) TFIDF(text string, top int) []Keyword {
	toks := e.tokens(text)
	if e.terms != nil {
		terms, w := e.scoreTerms(text, toks)
		return e.pick(terms, w, top)
	}
	index := map[string]int{}
	var kws []Keyword
	total := 0.0
	for _, t := range toks {
		if !candidate(t.Word) {
			continue
		}
		total++
		if i, ok := index[t.Word]; ok {
			kws[i].Weight++
			continue
		}
		index[t.Word] = len(kws)
		kws = append(kws, Keyword{Word: t.Word, Weight: 1})
	}
	d := e.seg.Lexicon()
	for i := range kws {
		idf := d.MedianIDF()
		if id, ok := d.Lookup(kws[i].Word); ok {
			idf = d.IDF(id)
		}
		kws[i].Weight *= idf / total
	}
	return topN(kws, top)
}

// textRankPOS are the tags TextRank keeps by default in jieba: place names,
// nouns, verbal nouns and verbs.
var textRankPOS = map[string]bool{"ns": true, "n": true, "vn": true, "v": true}

// textRankSpan is jieba's co-occurrence window: a word links to the next
// four words' candidates.
const textRankSpan = 5

// TextRank is jieba's textrank: candidate nouns and verbs that occur within
// five words of each other are linked, weighted by how often; ten rounds
// of PageRank (damping 0.85) rank them; weights are scaled as jieba does.
func (e *Extractor) TextRank(text string, top int) []Keyword {
	toks := e.tokens(text)
	if e.terms != nil {
		return e.termTextRank(text, toks, top)
	}
	keep := make([]bool, len(toks))
	for i, t := range toks {
		keep[i] = candidate(t.Word) && textRankPOS[e.seg.POSWith(t.Word, e.words)]
	}
	type edge struct{ a, b string }
	weight := map[edge]float64{}
	var order []edge // first-seen order, for a deterministic graph
	for i := range toks {
		if !keep[i] {
			continue
		}
		for j := i + 1; j < i+textRankSpan && j < len(toks); j++ {
			if !keep[j] {
				continue
			}
			k := edge{toks[i].Word, toks[j].Word}
			if _, ok := weight[k]; !ok {
				order = append(order, k)
			}
			weight[k]++
		}
	}
	// The undirected graph: each pair adds an edge both ways.
	type link struct {
		to string
		w  float64
	}
	graph := map[string][]link{}
	for _, k := range order {
		graph[k.a] = append(graph[k.a], link{k.b, weight[k]})
		graph[k.b] = append(graph[k.b], link{k.a, weight[k]})
	}
	if len(graph) == 0 {
		return []Keyword{}
	}
	nodes := make([]string, 0, len(graph))
	for n := range graph {
		nodes = append(nodes, n)
	}
	slices.Sort(nodes)
	rank := make(map[string]float64, len(nodes))
	outSum := make(map[string]float64, len(nodes))
	for _, n := range nodes {
		rank[n] = 1 / float64(len(nodes))
		for _, l := range graph[n] {
			outSum[n] += l.w
		}
	}
	const damping = 0.85
	for range 10 {
		for _, n := range nodes { // in place, in sorted order, as jieba
			s := 0.0
			for _, l := range graph[n] {
				s += l.w / outSum[l.to] * rank[l.to]
			}
			rank[n] = (1 - damping) + damping*s
		}
	}
	lo, hi := math.MaxFloat64, math.SmallestNonzeroFloat64
	for _, n := range nodes {
		lo, hi = min(lo, rank[n]), max(hi, rank[n])
	}
	kws := make([]Keyword, 0, len(nodes))
	for _, n := range nodes {
		kws = append(kws, Keyword{Word: n, Weight: (rank[n] - lo/10) / (hi - lo/10)})
	}
	return topN(kws, top)
}

// topN sorts by weight, heaviest first, keeping the given order on ties,
// and keeps the first n.
func topN(kws []Keyword, n int) []Keyword {
	slices.SortStableFunc(kws, func(a, b Keyword) int { return cmp.Compare(b.Weight, a.Weight) })
	if len(kws) > n {
		kws = kws[:n]
	}
	if kws == nil {
		kws = []Keyword{}
	}
	return kws
}
