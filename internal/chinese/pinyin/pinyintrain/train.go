// Package pinyintrain trains package pinyin's context model for
// polyphonic characters, at build time: an averaged perceptron over the
// features of pinyin.Context, from sentences with one character labelled
// (the CPP and g2pL benchmarks' training splits), with each character's
// readings counted in CPP's training labels and g2pM's network as a
// feature.
package pinyintrain

import (
	"math"
	"math/rand/v2"
	"sync/atomic"

	"cloudtools/internal/chinese/g2peval"
	"cloudtools/internal/chinese/pinyin"
)

// Source is a set of labelled sentences.
type Source struct {
	Examples []g2peval.Example
	// Curated: its sentences were drawn per reading (g2pL's are, about 300
	// a character whatever the readings' frequencies), so its examples are
	// weighted toward the readings' shares in running text (Counts).
	Curated bool
	// Weight scales its examples (0 means 1).
	Weight float32
	// Phrases: the examples are the phrase table's words, each alone.
	Phrases bool
}

// Options of training.
type Options struct {
	Epochs int    // passes over the data (10)
	Seed   uint64 // the order of the examples in each pass
}

// DefaultOptions are the shipped model's.
var DefaultOptions = Options{Epochs: 10, Seed: 1}

// Stats count what training read.
type Stats struct {
	Examples, Used, Skipped int // Skipped: the label is not a reading of the character
}

// instance is one labelled character: each candidate's feature keys.
type instance struct {
	gold   int
	feats  [][]uint64
	weight float32
}

// trainings counts the calls to Train in this process.
var trainings atomic.Int64

// Trainings is how many times this process trained: a build never does
// (the tests of the build check it).
func Trainings() int64 { return trainings.Load() }

// Train trains a model over net and counts (each character's readings in
// running text, numbered) from sources, reading each sentence with r (the
// dictionary's Reader, without a model).
func Train(r *pinyin.Reader, net *pinyin.Network, counts map[rune]map[string]int, sources []Source, opt Options) (*pinyin.Model, Stats) {
	trainings.Add(1)
	support := Support(sources)
	model := pinyin.NewModel(net, counts, support)
	rm := r.WithModel(model)
	var st Stats
	var data []instance
	for _, src := range sources {
		scale := src.Weight
		if scale == 0 {
			scale = 1
		}
		weight := func(g2peval.Example) float32 { return scale }
		if src.Curated {
			cw := curatedWeights(src.Examples, counts)
			weight = func(ex g2peval.Example) float32 { return scale * cw(ex) }
		}
		for _, ex := range src.Examples {
			st.Examples++
			c := rm.Analyze(ex.Text)
			if ex.At >= len(c.Runes) || c.Runes[ex.At] != ex.Char {
				st.Skipped++
				continue
			}
			cands := c.Candidates(ex.At)
			gold := -1
			for k, s := range cands {
				if pinyin.Numbered(s) == ex.Label {
					gold = k
				}
			}
			if gold < 0 {
				st.Skipped++
				continue
			}
			ctx := c.ContextFeatures(nil, ex.At)
			in := instance{gold: gold, weight: weight(ex)}
			for k, s := range cands {
				in.feats = append(in.feats, c.CandidateFeatures(nil, ctx, ex.At, k, s))
			}
			data = append(data, in)
			st.Used++
		}
	}
	model.SetWeights(perceptron(data, opt))
	return model, st
}

// curatedWeights weighs each example of a curated set by how much more
// (or less) common its reading is in running text than in the set:
// √((share in counts + 0.02) / share in the set), within [0.1, 10]. The
// square root and the bounds keep the set's rare readings learnable.
func curatedWeights(exs []g2peval.Example, counts map[rune]map[string]int) func(g2peval.Example) float32 {
	inSet := map[rune]map[string]int{}
	for _, ex := range exs {
		if inSet[ex.Char] == nil {
			inSet[ex.Char] = map[string]int{}
		}
		inSet[ex.Char][ex.Label]++
	}
	shareOf := func(m map[string]int, label string) float64 {
		total := 0
		for _, n := range m {
			total += n
		}
		if total == 0 {
			return -1
		}
		return float64(m[label]) / float64(total)
	}
	return func(ex g2peval.Example) float32 {
		running := shareOf(counts[ex.Char], ex.Label)
		if running < 0 {
			return 1
		}
		w := math.Sqrt((running + 0.02) / shareOf(inSet[ex.Char], ex.Label))
		return float32(min(max(w, 0.1), 10))
	}
}

// perceptron trains an averaged perceptron (Collins 2002) with the usual
// lazy sums: w is the current weight, u the sum of step·Δ, and the
// average is w − u/step. An example's weight scales its updates.
func perceptron(data []instance, opt Options) map[uint64]float32 {
	w := map[uint64]float64{}
	u := map[uint64]float64{}
	step := 1.0
	rng := rand.New(rand.NewPCG(opt.Seed, 1))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	for range opt.Epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, idx := range order {
			in := data[idx]
			best, bestScore := 0, 0.0
			for k, fs := range in.feats {
				var s float64
				for _, f := range fs {
					s += w[f]
				}
				if k == 0 || s > bestScore {
					best, bestScore = k, s
				}
			}
			if best != in.gold {
				d := float64(in.weight)
				for _, f := range in.feats[in.gold] {
					w[f] += d
					u[f] += step * d
				}
				for _, f := range in.feats[best] {
					w[f] -= d
					u[f] -= step * d
				}
			}
			step++
		}
	}
	out := make(map[uint64]float32, len(w))
	for f, x := range w {
		if avg := float32(x - u[f]/step); avg != 0 {
			out[f] = avg
		}
	}
	return out
}

// Support counts each character's examples in the sentence sources (not
// the phrase table's words): the characters the model reads.
func Support(sources []Source) map[rune]int {
	support := map[rune]int{}
	for _, src := range sources {
		if src.Phrases {
			continue
		}
		for _, ex := range src.Examples {
			support[ex.Char]++
		}
	}
	return support
}
