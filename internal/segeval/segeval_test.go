package segeval

import (
	"os"
	"testing"

	"cloudtools/internal/segmenter"
	"cloudtools/internal/segmenter/segtest"
)

func TestScore(t *testing.T) {
	var s Score
	s.Add(Tiling([]string{"我", "来到", "北京"}), Tiling([]string{"我", "来", "到", "北京"}))
	if s.Match != 2 || s.Gold != 3 || s.Got != 4 {
		t.Fatalf("%+v", s)
	}
	if p, r := s.Precision(), s.Recall(); p != 0.5 || r != 2.0/3 {
		t.Fatalf("P %v R %v", p, r)
	}
	got := Locate("清华大学的大学", []string{"清华", "清华大学", "华大", "大学", "缺", "大学"}, ByStart)
	want := []Span{{0, 2}, {0, 4}, {1, 3}, {2, 4}, {5, 7}}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
	got = Locate("大学清华大学", []string{"大学", "清华", "华大", "大学", "清华大学"}, SubwordsFirst)
	want = []Span{{0, 2}, {2, 4}, {3, 5}, {4, 6}, {2, 6}}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("search order: %v, want %v", got, want)
		}
	}
	got = Locate("的学的学", []string{"的", "学", "的", "学"}, Tiled)
	if len(got) != 4 || got[3] != (Span{3, 4}) {
		t.Fatalf("tiled: %v", got)
	}
}

// devSet reads the committed development set.
func devSet(t testing.TB) []Sentence {
	f, err := os.Open("testdata/ud-gsdsimp-dev.gold.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 500 {
		t.Fatalf("%d sentences, want 500", len(s))
	}
	return s
}

// TestDevSetF1 guards the accuracy issue 5 asked for: the default mode at
// least 0.02 above python jieba's 0.7910 on the development set (measured
// 0.8234), and the jieba-compatible option near jieba itself.
func TestDevSetF1(t *testing.T) {
	sents := devSet(t)
	seg := segtest.Segmenter(t)
	if s := Evaluate(seg, sents, segmenter.Accurate, true); s.F1() < 0.7910+0.02 {
		t.Errorf("default mode: %v, want F1 >= 0.811", s)
	}
	jieba := segmenter.New(seg.Dict(), segmenter.Options{Jieba: true})
	if s := Evaluate(jieba, sents, segmenter.Accurate, true); s.F1() < 0.785 || s.F1() > 0.80 {
		t.Errorf("jieba-compatible mode: %v, want F1 near jieba's 0.7910", s)
	}
}
