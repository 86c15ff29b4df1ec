package keywords_test

import (
	"math"
	"testing"

	"cloudtools/internal/chinese/keywords"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/chinese/segmenter/segtest"
)

// TestTFIDF checks the weights against jieba's formula, computed here from
// the dictionary's IDF table: count / candidates × IDF.
func TestTFIDF(t *testing.T) {
	seg := segtest.Segmenter(t)
	d := seg.Lexicon()
	text := "北京的大学很多，北京的公园也很多。the of 的 a"
	got := keywords.New(seg).TFIDF(text, 10)
	// Candidates (two characters or more, not stop words): 北京 ×2,
	// 大学, 很多 ×2, 公园; "the" and "of" are stop words, 的 and a short.
	idf := func(w string) float64 {
		id, ok := d.Lookup(w)
		if !ok {
			t.Fatalf("%s not in the dictionary", w)
		}
		return d.IDF(id)
	}
	want := map[string]float64{
		"北京": 2.0 / 6 * idf("北京"), "大学": 1.0 / 6 * idf("大学"),
		"很多": 2.0 / 6 * idf("很多"), "公园": 1.0 / 6 * idf("公园"),
	}
	if len(got) != len(want) {
		t.Fatalf("keywords %+v, want the words of %v", got, want)
	}
	for i, k := range got {
		if math.Abs(k.Weight-want[k.Word]) > 1e-12 {
			t.Errorf("%s: weight %v, want %v", k.Word, k.Weight, want[k.Word])
		}
		if i > 0 && k.Weight > got[i-1].Weight {
			t.Errorf("not sorted by weight: %+v", got)
		}
	}
	if top := keywords.New(seg).TFIDF(text, 2); len(top) != 2 || top[0] != got[0] || top[1] != got[1] {
		t.Errorf("top 2 %+v, want the first two of %+v", top, got)
	}
	if empty := keywords.New(seg).TFIDF("", 5); empty == nil || len(empty) != 0 {
		t.Errorf("empty text: %#v, want an empty list", empty)
	}
}

// TestTextRank: nouns and verbs linked in a window rank; the most linked
// comes first with weight 1 (jieba's scaling); other tags stay out. jieba
// keeps 编写程序 and 测试程序 whole, so 程序员 is in more clauses than 程序;
// the default style splits those phrases, and 程序 is in every clause.
func TestTextRank(t *testing.T) {
	text := "程序员编写程序，程序员测试程序，程序员发布程序，用户使用程序。"
	for _, tc := range []struct {
		seg   *segmenter.Segmenter
		first string
	}{
		{segtest.Segmenter(t), "程序程序员"},
		{segtest.Jieba(t), "程序员程序"},
	} {
		checkTextRank(t, tc.seg, text, tc.first)
	}
}

func checkTextRank(t *testing.T, seg *segmenter.Segmenter, text, first string) {
	t.Helper()
	got := keywords.New(seg).TextRank(text, 5)
	if len(got) < 2 || got[0].Weight != 1 || got[0].Word+got[1].Word != first {
		t.Fatalf("textrank %+v: want %s first (weight 1)", got, first)
	}
	for _, k := range got {
		if pos := seg.POS(k.Word); pos != "n" && pos != "v" && pos != "vn" && pos != "ns" {
			t.Errorf("%s (%s) is not a noun or verb", k.Word, pos)
		}
		if k.Weight <= 0 || k.Weight > 1 {
			t.Errorf("%s: weight %v outside (0, 1]", k.Word, k.Weight)
		}
	}
	if empty := keywords.New(seg).TextRank("的了吗", 5); empty == nil || len(empty) != 0 {
		t.Errorf("no candidates: %#v", empty)
	}
}
