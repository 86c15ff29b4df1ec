package pinyin

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"cloudtools/internal/chinese/sections"
)

// networkFile is g2pM's network as the repository keeps it.
var networkFile = filepath.Join("..", "..", "..", "assets", "dict", "pinyin", "context", "g2pM.weights")

// TestNetworkMatchesG2pM: the Go port of g2pM's network gives the dense
// layer g2pM's numpy code gives (testdata/g2pm_golden.json, written by
// g2pm_golden.py), within float32 and tanh-approximation error, before and
// after a trip through the compiled file.
func TestNetworkMatchesG2pM(t *testing.T) {
	net, err := ReadNetwork(networkFile)
	if err != nil {
		t.Fatal(err)
	}
	m := NewModel(net, map[rune]map[string]int{'行': {"hang2": 2}}, map[rune]int{'行': 1})
	data, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	f, err := sections.Parse(sections.Aligned(data))
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := ParseModel(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "g2pm_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Text  string
		Dense map[string][]float64
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]*Network{"read": net, "compiled": compiled.net} {
		for _, tc := range cases {
			var at []int
			for k := range tc.Dense {
				i, _ := strconv.Atoi(k)
				at = append(at, i)
			}
			got := n.run([]rune(tc.Text), at)
			for _, i := range at {
				want := tc.Dense[strconv.Itoa(i)]
				if len(got[i]) != len(want) {
					t.Fatalf("%s: %q at %d: %d values, want %d", name, tc.Text, i, len(got[i]), len(want))
				}
				for j := range want {
					if d := math.Abs(float64(got[i][j]) - want[j]); d > 1e-3*math.Max(1, math.Abs(want[j])) {
						t.Errorf("%s: %q at %d: dense[%d] = %g, want %g", name, tc.Text, i, j, got[i][j], want[j])
					}
				}
			}
		}
	}
}

func TestTanh32(t *testing.T) {
	for x := -12.0; x <= 12; x += 0.01 {
		if d := math.Abs(float64(tanh32(float32(x))) - math.Tanh(x)); d > 2e-6 {
			t.Fatalf("tanh32(%g) off by %g", x, d)
		}
	}
}

func TestSentenceEnd(t *testing.T) {
	for _, tc := range []struct {
		text  string
		start int
		want  int
	}{
		{"你好。我们", 0, 3},
		{"他说：“好。”然后", 0, 7},
		{"没有标点", 0, 4},
		{"一\n二", 0, 2},
	} {
		if got := sentenceEnd([]rune(tc.text), tc.start); got != tc.want {
			t.Errorf("sentenceEnd(%q, %d) = %d, want %d", tc.text, tc.start, got, tc.want)
		}
	}
	long := make([]rune, 3*maxSentence)
	for i := range long {
		long[i] = '字'
	}
	if got := sentenceEnd(long, 0); got != maxSentence {
		t.Errorf("a long run ends at %d, want %d", got, maxSentence)
	}
}
