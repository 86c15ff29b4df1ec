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

// TestCountsWithoutKeepsEveryCharacter: a character whose dev examples are
// all in the held fold keeps its block, so its training labels are counted
// as its own and not as its neighbours'; the held fold's labels allow no
// reading.
func TestCountsWithoutKeepsEveryCharacter(t *testing.T) {
	readings := map[rune][]string{'了': {"le5", "liǎo"}, '喳': {"zhā", "chā"}, '术': {"shù", "zhú"}}
	// Index 4 (fold 4) is 喳's only example.
	dev := []g2peval.Example{{Char: '了', Label: "le5"}, {Char: '了', Label: "le5"}, {Char: '了', Label: "le5"}, {Char: '了', Label: "le5"},
		{Char: '喳', Label: "zha1"}, {Char: '术', Label: "shu4"}, {Char: '术', Label: "shu4"}, {Char: '术', Label: "zhu2"}}
	d := &Data{CPPDev: dev, readings: func(c rune) []string { return readings[c] },
		cppLabels: []string{"le5", "le5", "liao3", "le5", "zha1", "cha1", "shu4", "shu4", "zhu2", "shu4"}}
	got, err := d.CountsWithout(4)
	if err != nil {
		t.Fatal(err)
	}
	if got['喳']["zha1"] != 1 || got['喳']["cha1"] != 1 {
		t.Errorf("喳's labels: %v (all counts %v)", got['喳'], got)
	}
	if got['了']["zha1"]+got['术']["zha1"]+got['了']["cha1"]+got['术']["cha1"] != 0 {
		t.Errorf("喳's labels counted for its neighbours: %v", got)
	}
}
