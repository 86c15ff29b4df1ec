package keywords_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"cloudtools/internal/chinese/keywords"
	"cloudtools/internal/chinese/segmenter/segtest"
)

// golden is testdata/jieba_golden.json, python jieba's own answers
// (testdata/jieba_golden.py writes it with Debian's python3-jieba).
type golden struct {
	Jieba string `json:"jieba"`
	Rows  []struct {
		Text     string   `json:"text"`
		Method   string   `json:"method"`
		Keywords [][2]any `json:"keywords"` // [word, weight]
	} `json:"rows"`
}

// TestJiebaStyleGolden: style=jieba is jieba 0.42.1's extract_tags and
// textrank: the same words in the same order, with the same weights (to
// the precision of the dictionary's float32 IDF table).
func TestJiebaStyleGolden(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "jieba_golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if g.Jieba != "0.42.1" || len(g.Rows) == 0 {
		t.Fatalf("golden file of jieba %q with %d rows", g.Jieba, len(g.Rows))
	}
	x := keywords.New(segtest.Jieba(t))
	for _, row := range g.Rows {
		var got []keywords.Keyword
		if row.Method == "textrank" {
			got = x.TextRank(row.Text, 10)
		} else {
			got = x.TFIDF(row.Text, 10)
		}
		if len(got) != len(row.Keywords) {
			t.Errorf("%s %.30s…: %d keywords %v, python jieba %d %v", row.Method, row.Text, len(got), got, len(row.Keywords), row.Keywords)
			continue
		}
		for i, want := range row.Keywords {
			w, _ := want[1].(float64)
			if got[i].Word != want[0] || math.Abs(got[i].Weight-w) > 1e-6*math.Max(1, w) {
				t.Errorf("%s %.30s… #%d: %s %v, python jieba %s %v", row.Method, row.Text, i, got[i].Word, got[i].Weight, want[0], w)
			}
		}
	}
}
