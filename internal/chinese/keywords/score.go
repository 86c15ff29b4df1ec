package keywords

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"cloudtools/internal/chinese/segmenter"
)

// Scoring holds the weights of the default style's terms. Each is a
// general statistic of the text or the dictionary, and its zero value turns
// that signal off (cmd/eval/kweval measures the effect of each).
//
// A term's weight is
//
//	count^Frequency / words × meanIDF^IDF × (1 + Length×(parts−1))
//	  × (1 + Lead if first seen in the first sentence)
//	  × (1 + Close if seen in the last sentence)
//	  × (1 + Spread × the share of the sentences from its first to its last occurrence)
//
// where words counts the text's single-word candidates and meanIDF is the
// mean IDF of the term's words (the table's median for a word it lacks).
type Scoring struct {
	// IDF is the exponent of the parts' mean IDF (1: TF-IDF; 0: TF alone).
	IDF float64
	// Frequency is the exponent of the term's count in the text.
	Frequency float64
	// Length: a phrase is rarer, and more specific, than its words.
	Length float64
	// Lead and Close: a term in the first or the last sentence (where a
	// title or a conclusion stands) names the topic more often.
	Lead, Close float64
	// Spread: a term the whole text comes back to.
	Spread float64
	// VerbIDF: a verb of at least this IDF (found in at most e^-VerbIDF of
	// the documents behind jieba's IDF table: 1.8 % for 4) may stand at
	// either end of a term or alone; +Inf keeps verbs out.
	VerbIDF float64
	// Nested: when picking the top k, pass over a term inside one already
	// picked (飞行器姿态控制系统 first, then not 姿态控制系统).
	Nested bool
}

// DefaultScoring are the default style's weights, chosen with cmd/eval/kweval on
// CSL's keyword-generation development split (1,000 abstracts); its odd and
// even halves score alike (F1@5 0.247 and 0.250), and so does the split in
// traditional script.
var DefaultScoring = Scoring{
	IDF:       1,
	Frequency: 1,
	Length:    0.3,
	Lead:      0.5,
	Close:     0.5,
	Spread:    1,
	VerbIDF:   4,
	Nested:    true,
}

// scoreTerms weighs every candidate term of the text (Scoring).
func (e *Extractor) scoreTerms(text string, toks []segmenter.Token) ([]*term, []float64) {
	sc := *e.terms
	terms := e.termCandidates(text, toks)
	sentences, words := 1, 0
	for _, t := range terms {
		sentences = max(sentences, t.last+1)
		if t.parts == 1 {
			words += len(t.runs)
		}
	}
	w := make([]float64, len(terms))
	for i, t := range terms {
		s := math.Pow(float64(len(t.runs)), sc.Frequency) / float64(max(words, 1)) * math.Pow(t.idf, sc.IDF)
		s *= 1 + sc.Length*float64(t.parts-1)
		if t.first == 0 {
			s *= 1 + sc.Lead
		}
		if sentences > 1 {
			if t.last == sentences-1 {
				s *= 1 + sc.Close
			}
			s *= 1 + sc.Spread*float64(t.last-t.first)/float64(sentences-1)
		}
		w[i] = s
	}
	return terms, w
}

// pick returns the top n terms by weight, first occurrence breaking ties;
// with Scoring.Nested a term inside one already picked is passed over.
func (e *Extractor) pick(terms []*term, w []float64, n int) []Keyword {
	// Terms are in order of first occurrence: sorting their indexes by
	// weight, then index, keeps that order on ties.
	order := make([]int32, len(terms))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(w[b], w[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	nested := e.terms.Nested
	out := make([]Keyword, 0, min(n, len(terms)))
	for _, i := range order {
		if len(out) == n {
			break
		}
		if nested && inside(out, terms[i].text) {
			continue
		}
		out = append(out, Keyword{Word: terms[i].text, Weight: w[i]})
	}
	return out
}

// inside reports whether w stands inside a picked keyword.
func inside(picked []Keyword, w string) bool {
	for _, p := range picked {
		if strings.Contains(p.Word, w) {
			return true
		}
	}
	return false
}

// termWindow: terms whose phrases are fewer than this many phrases apart
// are linked in TextRank's graph.
const termWindow = 3

// termTextRank ranks the candidate terms by PageRank over their
// co-occurrence graph (terms of the same phrase or of phrases fewer than
// termWindow apart, weighted by how often), with its random jumps biased
// toward each term's TF-IDF weight: a personalised TextRank, as in
// PositionRank (Florescu and Caragea, 2017). Weights are scaled to at most 1.
func (e *Extractor) termTextRank(text string, toks []segmenter.Token, top int) []Keyword {
	terms, prior := e.scoreTerms(text, toks)
	terms, prior = strongest(terms, prior, rankedTerms)
	n := len(terms)
	if n == 0 {
		return []Keyword{}
	}
	g := cooccurrence(terms)
	sum := 0.0
	for _, p := range prior {
		sum += p
	}
	jump := make([]float64, n)
	for i := range jump {
		jump[i] = prior[i] / sum
	}
	rank := slices.Clone(jump)
	next := make([]float64, n)
	// Twenty rounds rank the top terms as fifty do (kweval); most texts
	// settle sooner.
	const damping, rounds, settled = 0.85, 20, 1e-6
	for range rounds {
		dangling := 0.0 // the rank of terms with no neighbours, which jump
		for i := range next {
			next[i] = 0
		}
		for i := range n {
			if g.out[i] == 0 {
				dangling += rank[i]
				continue
			}
			share := rank[i] / g.out[i]
			for _, l := range g.links[g.start[i]:g.start[i+1]] {
				next[l.to] += share * l.w
			}
		}
		change := 0.0
		for i := range next {
			next[i] = (1-damping)*jump[i] + damping*(next[i]+dangling*jump[i])
			change += math.Abs(next[i] - rank[i])
		}
		rank, next = next, rank
		if change < settled {
			break
		}
	}
	hi := slices.Max(rank)
	for i := range rank {
		rank[i] /= hi
	}
	return e.pick(terms, rank, top)
}

// rankedTerms bounds TextRank's graph: a long text's weakest candidates
// (by TF-IDF) stay out of it. An abstract has a few hundred candidates; 64
// KiB of running text has some 6,000, whose graph would cost more than the
// rest of the request.
const rankedTerms = 1000

// strongest keeps the n terms of highest weight, in their order.
func strongest(terms []*term, w []float64, n int) ([]*term, []float64) {
	if len(terms) <= n {
		return terms, w
	}
	cut := slices.Clone(w)
	slices.Sort(cut)
	floor := cut[len(cut)-n]
	keep, kw := terms[:0:0], w[:0:0]
	for i, t := range terms {
		if w[i] >= floor && len(keep) < n {
			keep, kw = append(keep, t), append(kw, w[i])
		}
	}
	return keep, kw
}

type link struct {
	to int32
	w  float64
}

// graph is the terms' co-occurrence graph, its links grouped by term:
// links[start[i]:start[i+1]] are term i's, out[i] their summed weight.
type graph struct {
	start []int
	links []link
	out   []float64
}

// cooccurrence links the terms of the same phrase, and those of phrases
// fewer than termWindow apart, each pair as often as it meets.
func cooccurrence(terms []*term) graph {
	var byRun [][]int32 // the terms of each phrase
	for i, t := range terms {
		for _, r := range t.runs {
			for len(byRun) <= r {
				byRun = append(byRun, nil)
			}
			byRun[r] = append(byRun[r], int32(i))
		}
	}
	// Every meeting of two terms, grouped by the first (a counting sort:
	// one pass counts, the other places), then merged into weighted links.
	n := len(terms)
	meetStart := make([]int, n+1)
	var meets []int32
	for pass := range 2 {
		for r := range byRun {
			for r2 := r; r2 < len(byRun) && r2 < r+termWindow; r2++ {
				for _, a := range byRun[r] {
					for _, b := range byRun[r2] {
						if a == b {
							continue
						}
						if pass == 0 {
							meetStart[a+1]++
							if r2 != r { // a phrase's own pairs come both ways already
								meetStart[b+1]++
							}
							continue
						}
						meets[meetStart[a]] = b
						meetStart[a]++
						if r2 != r {
							meets[meetStart[b]] = a
							meetStart[b]++
						}
					}
				}
			}
		}
		if pass == 0 {
			for i := range n {
				meetStart[i+1] += meetStart[i]
			}
			meets = make([]int32, meetStart[n])
		}
	}
	// After placing, meetStart[i] is where term i's meetings end. Equal
	// meetings merge into one link: counted first, then written.
	g := graph{start: make([]int, n+1), out: make([]float64, n)}
	acc := make([]float64, n)
	var touched []int32
	links := 0
	for pass := range 2 {
		from := 0
		for i := range n {
			for _, b := range meets[from:meetStart[i]] {
				if acc[b] == 0 {
					touched = append(touched, b)
				}
				acc[b]++
			}
			from = meetStart[i]
			for _, b := range touched {
				if pass == 1 {
					g.links = append(g.links, link{to: b, w: acc[b]})
					g.out[i] += acc[b]
				}
				acc[b] = 0
			}
			links += len(touched)
			touched = touched[:0]
			g.start[i+1] = len(g.links)
		}
		if pass == 0 {
			g.links = make([]link, 0, links)
		}
	}
	return g
}
