package keywords_test

import (
	"testing"

	"cloudtools/internal/chinese/keywords"
	"cloudtools/internal/chinese/segeval"
	"cloudtools/internal/chinese/segmenter/segtest"
	"cloudtools/internal/layout"
)

// BenchmarkKeywords64KiB: the heaviest /keywords request (64 KiB of running
// text, top 100), each method: terms (the default style), jieba's words in
// jieba's style, and jieba's words over the default cut (before terms).
func BenchmarkKeywords64KiB(b *testing.B) {
	root, err := layout.ModuleRoot()
	if err != nil {
		b.Fatal(err)
	}
	text, err := segeval.RunningText(root, 64<<10)
	if err != nil {
		b.Fatal(err)
	}
	for _, x := range []struct {
		name string
		kw   *keywords.Extractor
	}{
		{"terms", keywords.NewTerms(segtest.Segmenter(b), keywords.DefaultScoring)},
		{"jieba", keywords.New(segtest.Jieba(b))},
		{"words", keywords.New(segtest.Segmenter(b))}, // the default style before terms: a baseline
	} {
		b.Run(x.name+"/tfidf", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				x.kw.TFIDF(text, 100)
			}
		})
		b.Run(x.name+"/textrank", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				x.kw.TextRank(text, 100)
			}
		})
	}
}
