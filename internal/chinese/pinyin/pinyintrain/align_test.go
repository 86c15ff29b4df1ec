package pinyintrain

import (
	"testing"

	"cloudtools/internal/chinese/g2peval"
)

// TestCountLabels: blocks found where the readings change, a tie (a
// reading both neighbours share) settled by the proportions.
func TestCountLabels(t *testing.T) {
	known := []g2peval.Example{{Char: '了'}, {Char: '了'}, {Char: '数'}, {Char: '术'}, {Char: '术'}}
	readings := map[rune][]string{'了': {"le5", "liao3"}, '数': {"shu4", "shu3"}, '术': {"shu4", "zhu2"}}
	// 了 ×4, 数 ×2, 术 ×4 in proportion; 数 and 术 share shu4.
	labels := []string{"le5", "le5", "liao3", "le5", "shu3", "shu4", "shu4", "zhu2", "shu4", "shu4"}
	got, err := CountLabels(known, labels, func(c rune) []string { return readings[c] }, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := map[rune]map[string]int{'了': {"le5": 3, "liao3": 1}, '数': {"shu3": 1, "shu4": 1}, '术': {"shu4": 3, "zhu2": 1}}
	for c, w := range want {
		for r, n := range w {
			if got[c][r] != n {
				t.Errorf("%c %s: %d, want %d (%v)", c, r, got[c][r], n, got)
			}
		}
	}
	if _, err := CountLabels([]g2peval.Example{{Char: '了'}, {Char: '数'}, {Char: '了'}}, labels, func(c rune) []string { return readings[c] }, 3); err == nil {
		t.Error("a character in two blocks was accepted")
	}
}
