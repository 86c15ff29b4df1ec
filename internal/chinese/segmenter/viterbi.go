package segmenter

import "cloudtools/internal/chinese/segdict"

// viterbiStep is one rune's column: each state's best log-probability and
// the previous state on that best path.
type viterbiStep struct {
	prob [segdict.NumStates]float64
	from [segdict.NumStates]int8
}

// prevStates are jieba's PrevStatus: the states each state may follow.
var prevStates = [segdict.NumStates][2]int{
	segdict.StateB: {segdict.StateE, segdict.StateS},
	segdict.StateM: {segdict.StateM, segdict.StateB},
	segdict.StateE: {segdict.StateB, segdict.StateM},
	segdict.StateS: {segdict.StateS, segdict.StateE},
}

// stateName orders states as Python compares jieba's state letters, which
// decides ties: 'B' < 'E' < 'M' < 'S'.
var stateName = [segdict.NumStates]byte{'B', 'M', 'E', 'S'}

// better reports whether (p, s) beats (bp, bs) under Python's tuple max.
func better(p float64, s int, bp float64, bs int) bool {
	return p > bp || p == bp && stateName[s] > stateName[bs]
}

// viterbi is jieba's finalseg: the most probable B/M/E/S labelling of Han
// runes [k, end) of the block, cut into words (B…E and S).
func (c *cutter) viterbi(k, end int) {
	d, sc := c.dict, c.sc
	n := end - k
	sc.vit = grow(sc.vit, n)
	v := sc.vit
	for s := range segdict.NumStates {
		v[0].prob[s] = d.Start(s) + d.Emit(s, sc.codes[k])
	}
	for t := 1; t < n; t++ {
		code := sc.codes[k+t]
		for s := range segdict.NumStates {
			em := d.Emit(s, code)
			best, from := 0.0, -1
			for _, p := range prevStates[s] {
				prob := v[t-1].prob[p] + d.Trans(p, s) + em
				if from < 0 || better(prob, p, best, from) {
					best, from = prob, p
				}
			}
			v[t].prob[s], v[t].from[s] = best, int8(from)
		}
	}
	last := segdict.StateE
	if better(v[n-1].prob[segdict.StateS], segdict.StateS, v[n-1].prob[segdict.StateE], segdict.StateE) {
		last = segdict.StateS
	}
	// Walk the best path back, recording each rune's state in from[0]
	// of its own column (no longer needed once read).
	state := last
	for t := n - 1; t >= 0; t-- {
		prev := int(v[t].from[state])
		v[t].from[0] = int8(state)
		state = prev
	}
	begin, nexti := 0, 0
	for t := range n {
		switch int(v[t].from[0]) {
		case segdict.StateB:
			begin = t
		case segdict.StateE:
			c.emitHMM(k+begin, k+t+1)
			nexti = t + 1
		case segdict.StateS:
			c.emitRunes(k+t, k+t+1)
			nexti = t + 1
		}
	}
	if nexti < n {
		c.emitHMM(k+nexti, end)
	}
}

// emitHMM appends a new word the HMM found in runes [k, end) of the block.
// In the default style a function character (a pronoun, preposition,
// adverb… by the dictionary's own tag; segdict.FlagFunction) stays a word
// of its own, and the stretches between function characters stay the HMM's
// words: glued to a neighbour a function character makes 这是, 不是, 比上,
// which news text shows wrong five times for each time it is right, while
// 微信 and 微博 are still found.
func (c *cutter) emitHMM(k, end int) {
	if !c.std || end-k == 1 {
		c.emitRunes(k, end)
		return
	}
	codes := c.sc.codes
	function := false
	for x := k; x < end; x++ {
		function = function || c.lex.Flags(codes[x])&segdict.FlagFunction != 0
	}
	if !function {
		c.emitRunes(k, end)
		return
	}
	// The function characters alone, the stretches between them as words.
	for x := k; x < end; {
		y := x + 1
		if c.lex.Flags(codes[x])&segdict.FlagFunction == 0 {
			for y < end && c.lex.Flags(codes[y])&segdict.FlagFunction == 0 {
				y++
			}
		}
		c.emitRunes(x, y)
		x = y
	}
}
