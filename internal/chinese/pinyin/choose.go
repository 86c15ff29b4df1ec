package pinyin

// CandidateFeatures appends every feature key of the k-th candidate of the
// character at i, given its context features (ContextFeatures): each
// context feature paired with the candidate, then the shared features,
// then the shared features again conjoined with how many labelled
// examples the model was trained on for the character (few: lean on what
// all characters share; many: on the character's own).
func (c *Context) CandidateFeatures(dst, context []uint64, i, k int, candidate string) []uint64 {
	for _, f := range context {
		dst = append(dst, pair(f, candidate))
	}
	from := len(dst)
	dst = c.sharedFeatures(dst, i, k, candidate)
	support := 0
	if c.model != nil {
		support = c.model.supportOf(c.Runes[i])
	}
	b := supportBucket(support)
	n := len(dst)
	for _, f := range dst[from:n] {
		dst = append(dst, supportKey(f, b))
	}
	return dst
}

// best is the best-scored candidate and its lead over the second.
func (c *Context) best(context []uint64, i int, candidates []string) (best int, lead float32) {
	var fbuf [128]uint64
	var bestScore, second float32
	for k, cand := range candidates {
		var s float32
		for _, f := range c.CandidateFeatures(fbuf[:0], context, i, k, cand) {
			s += c.model.weight(f)
		}
		switch {
		case k == 0:
			best, bestScore = 0, s
		case s > bestScore:
			best, bestScore, second = k, s, bestScore
		case k == 1 || s > second:
			second = s
		}
	}
	return best, bestScore - second
}

// supportBucket buckets a character's labelled examples.
func supportBucket(support int) byte {
	b := byte(0)
	for _, edge := range [...]int{5, 20, 60, 150} {
		if support >= edge {
			b++
		}
	}
	return b
}
