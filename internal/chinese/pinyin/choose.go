package pinyin

// CandidateFeatures appends every feature key of the k-th candidate of the
// character at i, given its context features (ContextFeatures): each
// context feature paired with the candidate, then the shared features,
// then the shared features again conjoined with how many labelled
// examples the model was trained on for the character (few: lean on what
// all characters share; many: on the character's own).
func (c *Context) CandidateFeatures(dst, context []uint64, i, k int, candidate string) []uint64 {
	for _, f := range context {
		dst = append(dst, Pair(f, candidate))
	}
	from := len(dst)
	dst = c.SharedFeatures(dst, i, k, candidate)
	support := 0
	if c.model != nil {
		support = c.model.supportOf(c.Runes[i])
	}
	b := byte(0)
	for _, edge := range [...]int{5, 20, 60, 150} {
		if support >= edge {
			b++
		}
	}
	n := len(dst)
	for _, f := range dst[from:n] {
		dst = append(dst, uint64(fhash(f).b(tSharedSupport).b(b)))
	}
	return dst
}

// choose is the index of the best-scored candidate of the character at i.
func (c *Context) choose(i int, candidates []string) int {
	var buf [64]uint64
	context := c.ContextFeatures(buf[:0], i)
	var fbuf [128]uint64
	best, bestScore := 0, float32(0)
	for k, cand := range candidates {
		var s float32
		for _, f := range c.CandidateFeatures(fbuf[:0], context, i, k, cand) {
			s += c.model.weight(f)
		}
		if k == 0 || s > bestScore {
			best, bestScore = k, s
		}
	}
	return best
}
