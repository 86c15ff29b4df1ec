package keywords_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"cloudtools/internal/chinese/keywords"
	"cloudtools/internal/chinese/segmenter/segtest"
)

// FuzzTerms: for any text, the default style's keywords by both methods
// are terms of the text itself (letters and digits, never across anything
// else), at most top of them, weighed positive and falling, none inside a
// term ranked above it; TextRank's first weighs 1.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{
		jiebaExample, "自然語言處理是人工智慧的方向。", "蛋白质，结构；2019年蛋白质3结构",
		"Transformer模型用于机器翻译。Deep learning模型", "  \n\t", "的了吗", "\xff\xfe中文",
		"量子计算机量子计算机量子计算机", "一门融语言学于一体的科学", "ＡＢＣ全角字母与１２３数字",
	} {
		f.Add(s, uint8(10))
	}
	x := keywords.NewTerms(segtest.Segmenter(f), keywords.DefaultScoring)
	f.Fuzz(func(t *testing.T, text string, top uint8) {
		n := int(top%100) + 1
		for name, kws := range map[string][]keywords.Keyword{"tfidf": x.TFIDF(text, n), "textrank": x.TextRank(text, n)} {
			if kws == nil || len(kws) > n {
				t.Fatalf("%s: %d keywords for top %d (nil: %v)", name, len(kws), n, kws == nil)
			}
			for i, k := range kws {
				letters := strings.IndexFunc(k.Word, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) < 0
				if !strings.Contains(text, k.Word) || !letters || !utf8.ValidString(k.Word) || utf8.RuneCountInString(k.Word) < 2 {
					t.Fatalf("%s: %q is not a term of %q", name, k.Word, text)
				}
				if !(k.Weight > 0) || i > 0 && k.Weight > kws[i-1].Weight {
					t.Fatalf("%s: weights not positive and falling: %+v", name, kws)
				}
				for _, above := range kws[:i] {
					if strings.Contains(above.Word, k.Word) {
						t.Fatalf("%s: %s inside %s, ranked above it", name, k.Word, above.Word)
					}
				}
			}
			if name == "textrank" && len(kws) > 0 && kws[0].Weight != 1 {
				t.Fatalf("textrank: first weight %v", kws[0].Weight)
			}
		}
	})
}
