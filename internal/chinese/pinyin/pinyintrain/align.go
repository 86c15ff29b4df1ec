package pinyintrain

import (
	"fmt"
	"math"
	"slices"

	"cloudtools/internal/chinese/g2peval"
)

// CountLabels gives each character's label counts in a split of which
// only the labels are known (CPP's train.lb: its sentences are not
// published in the repository), from a split of the same benchmark whose
// sentences are known (CPP's dev split). Both list their characters in the
// same order, in blocks, and in about the same proportions, so the blocks
// are found by dynamic programming: each ends within window labels of
// where the proportions put it, where the fewest labels fall outside their
// character's readings (readings: numbered and Normalized); a tie goes to
// the end nearest the proportional one.
func CountLabels(known []g2peval.Example, labels []string, readings func(rune) []string, window int) (map[rune]map[string]int, error) {
	var chars []rune
	var sizes []int
	for _, ex := range known {
		if len(chars) == 0 || chars[len(chars)-1] != ex.Char {
			if slices.Contains(chars, ex.Char) {
				return nil, fmt.Errorf("%c's examples are not one block", ex.Char)
			}
			chars = append(chars, ex.Char)
			sizes = append(sizes, 0)
		}
		sizes[len(sizes)-1]++
	}
	n, m := len(labels), len(chars)
	if m == 0 || n < m {
		return nil, fmt.Errorf("%d labels for %d characters", n, m)
	}
	for i := range labels {
		labels[i] = g2peval.Normalize(labels[i])
	}
	// expected[j] is where block j ends in proportion.
	expected := make([]int, m+1)
	cum := 0
	for j, s := range sizes {
		cum += s
		expected[j+1] = int(math.Round(float64(n) * float64(cum) / float64(len(known))))
	}
	lo := func(j int) int { return max(0, expected[j]-window) }
	hi := func(j int) int { return min(n, expected[j]+window) }
	const inf = math.MaxFloat64
	// cost[j][p-lo(j)]: the least cost of blocks 0..j-1 with block j-1
	// ending at p; from[j] the start chosen.
	cost := make([][]float64, m+1)
	from := make([][]int, m+1)
	cost[0] = []float64{0}
	from[0] = []int{0}
	for j := 1; j <= m; j++ {
		l, h := lo(j), hi(j)
		if j == m {
			l, h = n, n
		}
		pl, ph := lo(j-1), hi(j-1)
		if j == 1 {
			pl, ph = 0, 0
		}
		ok := map[string]bool{}
		for _, r := range readings(chars[j-1]) {
			ok[r] = true
		}
		// misses[x-pl]: labels in [pl, x) outside the character's readings.
		misses := make([]int, h-pl+1)
		for x := pl; x < h; x++ {
			misses[x-pl+1] = misses[x-pl]
			if !ok[labels[x]] {
				misses[x-pl+1]++
			}
		}
		cost[j] = make([]float64, h-l+1)
		from[j] = make([]int, h-l+1)
		for p := l; p <= h; p++ {
			best, arg := inf, -1
			for q := pl; q <= min(ph, p-1); q++ {
				c := cost[j-1][q-pl]
				if c == inf {
					continue
				}
				c += float64(misses[p-pl]-misses[q-pl]) + 1e-6*math.Abs(float64(p-expected[j]))
				if c < best {
					best, arg = c, q
				}
			}
			cost[j][p-l], from[j][p-l] = best, arg
		}
	}
	if cost[m][0] == inf {
		return nil, fmt.Errorf("no alignment within %d labels of the proportions", window)
	}
	out := map[rune]map[string]int{}
	end := n
	for j := m; j >= 1; j-- {
		l := lo(j)
		if j == m {
			l = n
		}
		start := from[j][end-l]
		counts := map[string]int{}
		for _, lb := range labels[start:end] {
			counts[lb]++
		}
		out[chars[j-1]] = counts
		end = start
	}
	return out, nil
}
