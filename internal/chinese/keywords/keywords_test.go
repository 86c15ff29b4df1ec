package keywords_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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

// jiebaExample is the text of jieba's keyword examples (its README's
// extract_tags and textrank demos), quoted to check the terms on it.
const jiebaExample = "自然语言处理是计算机科学领域与人工智能领域中的一个重要方向。它研究能实现人与计算机之间用自然语言进行有效通信的各种理论和方法。" +
	"自然语言处理是一门融语言学、计算机科学、数学于一体的科学。因此，这一领域的研究将涉及自然语言，即人们日常使用的语言，" +
	"所以它与语言学的研究有着密切的联系，但又有重要的区别。自然语言处理并不是一般地研究自然语言，" +
	"而在于研制能有效地实现自然语言通信的计算机系统，特别是其中的软件系统。因而它是计算机科学的一部分。"

func words(kws []keywords.Keyword) []string {
	out := make([]string, len(kws))
	for i, k := range kws {
		out[i] = k.Word
	}
	return out
}

// TestTermsOfJiebasExample: the default style finds the text's subject
// whole, by both methods, where the finer cut alone splits it.
func TestTermsOfJiebasExample(t *testing.T) {
	x := keywords.NewTerms(segtest.Segmenter(t), keywords.DefaultScoring)
	for name, kws := range map[string][]keywords.Keyword{"tfidf": x.TFIDF(jiebaExample, 5), "textrank": x.TextRank(jiebaExample, 5)} {
		got := words(kws)
		if !slices.Contains(got, "自然语言处理") && !slices.Contains(got, "自然语言") {
			t.Errorf("%s top 5 %v: want 自然语言 or 自然语言处理", name, got)
		}
	}
}

// TestTermCandidates: which runs of words are terms, by the classes of
// terms.go; each row names terms that must and must not be proposed.
func TestTermCandidates(t *testing.T) {
	all := keywords.DefaultScoring
	all.Nested = false // every candidate
	x := keywords.NewTerms(segtest.Segmenter(t), all)
	for _, tc := range []struct {
		text      string
		want, not []string
	}{
		// noun runs, and a dictionary word the default style cuts finer, in
		// either script
		{"自然语言处理是人工智能的方向。", []string{"自然语言处理", "自然语言", "人工智能"}, []string{"自然语言处理是人工智能", "处理是"}},
		{"自然語言處理是人工智慧的方向。", []string{"自然語言處理", "自然語言"}, []string{"自然語言處理是人工智慧"}},
		// a joined entry that is no noun (一门: a numeral) is no part of a term
		{"一门融语言学于一体的科学", []string{"语言学"}, []string{"一门融语言学", "门融语言学"}},
		// a specific verb ends a term; a common one (是) is a stop word
		{"本文采用故障诊断方法，故障诊断是关键。", []string{"故障诊断", "故障诊断方法"}, []string{"本文采用", "故障诊断是关键", "是关键"}},
		// never across punctuation or numbers
		{"蛋白质，结构；2019年蛋白质3结构", []string{"蛋白质"}, []string{"蛋白质，结构", "蛋白质结构", "蛋白质3结构"}},
		// a verb inside a term reads as a predicate: 学习 between two nouns
		{"清华大学学习计算机科学。", []string{"计算机科学", "清华大学"}, []string{"清华大学学习计算机科学"}},
	} {
		all := words(x.TFIDF(tc.text, 1000))
		for _, w := range tc.want {
			if !slices.Contains(all, w) {
				t.Errorf("%s: no %s among %v", tc.text, w, all)
			}
		}
		for _, w := range tc.not {
			if slices.Contains(all, w) {
				t.Errorf("%s: %s proposed (%v)", tc.text, w, all)
			}
		}
	}
}

// TestTermsAreCleanSubstrings: on running text, every term is at most 12
// characters of the text itself, of letters and digits only; the top k
// never holds a term inside one ranked above it; weights fall.
func TestTermsAreCleanSubstrings(t *testing.T) {
	x := keywords.NewTerms(segtest.Segmenter(t), keywords.DefaultScoring)
	text := jiebaExample + "量子计算机利用量子叠加原理，量子纠缠使量子计算机在某些问题上快于经典计算机。Transformer模型用于机器翻译。"
	for name, kws := range map[string][]keywords.Keyword{"tfidf": x.TFIDF(text, 20), "textrank": x.TextRank(text, 20)} {
		if len(kws) != 20 {
			t.Fatalf("%s: %d keywords, want 20", name, len(kws))
		}
		for i, k := range kws {
			if !strings.Contains(text, k.Word) || utf8.RuneCountInString(k.Word) > 12 || strings.IndexFunc(k.Word, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
				t.Errorf("%s: %q is not a clean term of the text", name, k.Word)
			}
			if k.Weight <= 0 || i > 0 && k.Weight > kws[i-1].Weight {
				t.Errorf("%s: weights not positive and falling: %+v", name, kws)
			}
			for _, above := range kws[:i] {
				if strings.Contains(above.Word, k.Word) {
					t.Errorf("%s: %s is inside %s, ranked above it", name, k.Word, above.Word)
				}
			}
		}
		if name == "textrank" && kws[0].Weight != 1 {
			t.Errorf("textrank's first weight %v, want 1", kws[0].Weight)
		}
	}
	if got := x.TFIDF("的了吗，。", 5); got == nil || len(got) != 0 {
		t.Errorf("no candidates: %#v", got)
	}
	if got := x.TextRank("", 5); got == nil || len(got) != 0 {
		t.Errorf("empty text: %#v", got)
	}
}

// TestTermsWithCustomWords: a call's word heads a term and stands whole;
// a forced split is never a keyword, even where the dictionary lists the
// joined word.
func TestTermsWithCustomWords(t *testing.T) {
	seg := segtest.Segmenter(t)
	x := keywords.NewTerms(seg, keywords.DefaultScoring)
	text := "量子退火机解决优化问题，量子退火机很快。"
	keep, err := seg.CustomWords([]string{"量子退火机"})
	if err != nil {
		t.Fatal(err)
	}
	if got := words(x.With(keep).TFIDF(text, 3)); got[0] != "量子退火机" {
		t.Errorf("with the word: %v, want 量子退火机 first", got)
	}
	split, err := seg.CustomWords([]string{"自然/语言"})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range words(x.With(split).TFIDF(jiebaExample, 1000)) {
		if k == "自然语言" {
			t.Errorf("自然/语言 split, yet 自然语言 is a keyword")
		}
	}
}

// TestScoringSignals: each signal moves the weights the way its comment
// says, on texts built to isolate it.
func TestScoringSignals(t *testing.T) {
	seg := segtest.Segmenter(t)
	weight := func(sc keywords.Scoring, text, term string) float64 {
		for _, k := range keywords.NewTerms(seg, sc).TFIDF(text, 1000) {
			if k.Word == term {
				return k.Weight
			}
		}
		t.Fatalf("%s: no term %s", text, term)
		return 0
	}
	off := keywords.Scoring{IDF: 1, Frequency: 1, VerbIDF: keywords.DefaultScoring.VerbIDF}
	on := func(f func(*keywords.Scoring)) keywords.Scoring { s := off; f(&s); return s }
	text := "蛋白质结构。细胞膜。细胞膜。蛋白质。"
	for _, tc := range []struct {
		name string
		sc   keywords.Scoring
		term string
	}{
		{"length", on(func(s *keywords.Scoring) { s.Length = 0.3 }), "蛋白质结构"},
		{"lead", on(func(s *keywords.Scoring) { s.Lead = 0.5 }), "蛋白质结构"},
		{"close", on(func(s *keywords.Scoring) { s.Close = 0.5 }), "蛋白质"},
		{"spread", on(func(s *keywords.Scoring) { s.Spread = 1 }), "蛋白质"},
	} {
		if a, b := weight(off, text, tc.term), weight(tc.sc, text, tc.term); b <= a {
			t.Errorf("%s: %s weighs %v with it, %v without", tc.name, tc.term, b, a)
		}
	}
	// A line break ends a sentence too (a title on its own line).
	lines := "蛋白质\n细胞膜\n蛋白质"
	if a, b := weight(off, lines, "蛋白质"), weight(on(func(s *keywords.Scoring) { s.Spread = 1 }), lines, "蛋白质"); b <= a {
		t.Errorf("spread over lines: 蛋白质 weighs %v with it, %v without", b, a)
	}
	if a, b := weight(off, text, "细胞膜"), weight(on(func(s *keywords.Scoring) { s.Frequency = 0 }), text, "细胞膜"); b >= a {
		t.Errorf("frequency: 细胞膜 (twice) weighs %v counted, %v not", a, b)
	}
}
