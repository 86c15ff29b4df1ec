package segmenter_test

import (
	"os"
	"strings"
	"testing"

	"cloudtools/internal/chinese/segeval"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/chinese/segmenter/segtest"
)

// devText is the development set's text, one sentence per element.
func devText(b *testing.B) []string {
	f, err := os.Open("../segeval/testdata/ud-gsdsimp-dev.gold.txt")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sents, err := segeval.ReadGold(f)
	if err != nil {
		b.Fatal(err)
	}
	out := make([]string, len(sents))
	for i, s := range sents {
		out[i] = s.Text
	}
	return out
}

// BenchmarkTokenize reports MB/s over the development set per mode.
func BenchmarkTokenize(b *testing.B) {
	texts := devText(b)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	for _, bc := range []struct {
		name string
		opts segmenter.Options
		mode segmenter.Mode
		hmm  bool
	}{
		{"default", segmenter.Options{}, segmenter.Accurate, true},
		{"jieba", segmenter.Options{Jieba: true}, segmenter.Accurate, true},
		{"nohmm", segmenter.Options{}, segmenter.Accurate, false},
		{"search", segmenter.Options{}, segmenter.Search, true},
		{"full", segmenter.Options{}, segmenter.Full, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			seg, err := segmenter.New(segtest.Segmenter(b).Dict(), bc.opts)
			if err != nil {
				b.Fatal(err)
			}
			var toks []segmenter.Token
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					toks = seg.Tokenize(toks[:0], t, bc.mode, bc.hmm)
				}
			}
		})
	}
}

// BenchmarkSentence200 is one 200-character sentence, default mode.
func BenchmarkSentence200(b *testing.B) {
	s := string([]rune(strings.Join(devText(b), ""))[:200])
	seg := segtest.Segmenter(b)
	var toks []segmenter.Token
	b.ReportAllocs()
	for b.Loop() {
		toks = seg.Tokenize(toks[:0], s, segmenter.Accurate, true)
	}
}
