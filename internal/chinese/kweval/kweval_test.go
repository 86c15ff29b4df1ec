package kweval_test

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"cloudtools/internal/chinese/kweval"
)

func TestRead(t *testing.T) {
	in := "文本一\t甲_乙_甲\n\nto keywords\t文本二\t丙\r\n"
	docs, err := kweval.Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []kweval.Doc{{Text: "文本一", Keywords: []string{"甲", "乙"}}, {Text: "文本二", Keywords: []string{"丙"}}}
	if !reflect.DeepEqual(docs, want) {
		t.Errorf("got %+v, want %+v", docs, want)
	}
	for _, bad := range []string{"no tab here\n", "text\t_ _\n"} {
		if _, err := kweval.Read(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestScore: precision and recall per text, averaged, then their harmonic
// mean; an extracted keyword matches once.
func TestScore(t *testing.T) {
	var s kweval.Score
	s.Add([]string{"a", "b"}, []string{"a", "x", "a", "y"}) // P 1/4, R 1/2
	s.Add([]string{"c"}, []string{"c"})                     // P 1, R 1
	s.Add([]string{"d"}, nil)                               // P 0, R 0
	p, r := (0.25+1+0)/3, (0.5+1+0)/3
	for name, got := range map[string][2]float64{
		"precision": {s.Precision(), p}, "recall": {s.Recall(), r}, "F1": {s.F1(), 2 * p * r / (p + r)},
	} {
		if math.Abs(got[0]-got[1]) > 1e-12 {
			t.Errorf("%s %v, want %v", name, got[0], got[1])
		}
	}
	if (kweval.Score{}).F1() != 0 {
		t.Error("an empty score's F1 is not 0")
	}
}
