// Command kweval measures keyword extraction against authors' keywords:
// F1@5 and F1@10 (exact match) for each method (tfidf, textrank) and style
// (default: terms; jieba: jieba.analyse's words; and jieba's words over the
// default style's cut, the default before terms), beside python jieba's own
// extract_tags and textrank (Debian's python3-jieba, run as a subprocess),
// and F1@5 of the default style with each scoring signal turned off.
//
//	go run ./cmd/eval/kweval -set FILE [-dict DIR] [-python python3] [-ablate=false]
//
// FILE holds one text a line: the text, a tab, its keywords joined by "_"
// (internal/chinese/kweval.Read). CSL's keyword-generation development split
// (github.com/ydli-ai/CSL, benchmark/kg/dev.tsv) has that shape; it carries
// no licence, so it is read from where you put it and never committed.
package main

import (
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"

	"cloudtools/internal/chinese/keywords"
	"cloudtools/internal/chinese/kweval"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/layout"
)

//go:embed jieba_keywords.py
var pythonScript string

func main() {
	set := flag.String("set", "", "development set: text<TAB>keyword_keyword… a line")
	dict := flag.String("dict", layout.DictionaryDir(layout.BuildDir), "folder of the compiled dictionary")
	python := flag.String("python", "/usr/bin/python3", "a python with jieba (apt install python3-jieba); empty to skip")
	ablate := flag.Bool("ablate", true, "also score the default style's tfidf with each signal off")
	show := flag.Int("show", 0, "print the default style's top 5 beside the authors' keywords for the first N texts")
	flag.Parse()
	if *set == "" {
		fmt.Fprintln(os.Stderr, "usage: kweval -set FILE (text<TAB>keyword_keyword… a line)")
		os.Exit(2)
	}
	f, err := os.Open(*set)
	check(err)
	docs, err := kweval.Read(f)
	check(err)
	f.Close()

	seg, err := segmenter.Load(*dict, segmenter.Options{})
	check(err)
	jieba, err := segmenter.New(seg.Dict(), segmenter.Options{Jieba: true})
	check(err)
	for _, d := range docs[:min(*show, len(docs))] {
		var got []string
		for _, k := range keywords.NewTerms(seg, keywords.DefaultScoring).TFIDF(d.Text, 5) {
			got = append(got, k.Word)
		}
		fmt.Printf("%s\n  authors: %s\n  ours:    %s\n", d.Text, strings.Join(d.Keywords, " "), strings.Join(got, " "))
	}
	n := 0
	for _, d := range docs {
		n += len(d.Keywords)
	}
	fmt.Printf("%d texts, %d keywords; exact match; F1 = harmonic mean of the mean precision and the mean recall.\n\n", len(docs), n)
	fmt.Println("| extractor | method | P@5 | R@5 | F1@5 | F1@10 |")
	fmt.Println("|---|---|---|---|---|---|")
	row := func(name, method string, top10 [][]string) {
		at5, at10 := score(docs, top10)
		fmt.Printf("| %s | %s | %.4f | %.4f | **%.4f** | %.4f |\n", name, method, at5.Precision(), at5.Recall(), at5.F1(), at10.F1())
	}
	for _, method := range []string{"tfidf", "textrank"} {
		row("cloudtools (default: terms)", method, extract(docs, keywords.NewTerms(seg, keywords.DefaultScoring), method))
		row("cloudtools default cut, words (before terms)", method, extract(docs, keywords.New(seg), method))
		row("cloudtools style=jieba", method, extract(docs, keywords.New(jieba), method))
		if *python != "" {
			row("python jieba 0.42.1", method, runPython(*python, docs, method))
		}
	}
	if !*ablate {
		return
	}
	fmt.Println("\nThe default style's tfidf with one signal off (F1@5; Δ against all on):")
	fmt.Println()
	fmt.Println("| signal off | F1@5 | Δ |")
	fmt.Println("|---|---|---|")
	base := f1At5(docs, keywords.NewTerms(seg, keywords.DefaultScoring), "tfidf")
	fmt.Printf("| (none) | %.4f | |\n", base)
	for _, ab := range ablations() {
		sc := keywords.DefaultScoring
		ab.off(&sc)
		f1 := f1At5(docs, keywords.NewTerms(seg, sc), "tfidf")
		fmt.Printf("| %s | %.4f | %+.4f |\n", ab.name, f1, f1-base)
	}
}

type ablation struct {
	name string
	off  func(*keywords.Scoring)
}

func ablations() []ablation {
	return []ablation{
		{"IDF of the parts", func(s *keywords.Scoring) { s.IDF = 0 }},
		{"frequency in the text", func(s *keywords.Scoring) { s.Frequency = 0 }},
		{"length", func(s *keywords.Scoring) { s.Length = 0 }},
		{"first sentence", func(s *keywords.Scoring) { s.Lead = 0 }},
		{"last sentence", func(s *keywords.Scoring) { s.Close = 0 }},
		{"spread over the text", func(s *keywords.Scoring) { s.Spread = 0 }},
		{"specific verbs in terms", func(s *keywords.Scoring) { s.VerbIDF = math.Inf(1) }},
		{"nested terms passed over", func(s *keywords.Scoring) { s.Nested = false }},
	}
}

// extract is one extractor's top 10 of every text; its top 5 are their
// first five (both methods rank once and cut).
func extract(docs []kweval.Doc, x *keywords.Extractor, method string) [][]string {
	out := make([][]string, len(docs))
	for i, d := range docs {
		var kws []keywords.Keyword
		if method == "textrank" {
			kws = x.TextRank(d.Text, 10)
		} else {
			kws = x.TFIDF(d.Text, 10)
		}
		for _, kw := range kws {
			out[i] = append(out[i], kw.Word)
		}
	}
	return out
}

// score scores every text's top 5 and top 10.
func score(docs []kweval.Doc, top10 [][]string) (at5, at10 kweval.Score) {
	for i, d := range docs {
		at5.Add(d.Keywords, top10[i][:min(5, len(top10[i]))])
		at10.Add(d.Keywords, top10[i])
	}
	return at5, at10
}

// f1At5 is one extractor's F1@5 of one method.
func f1At5(docs []kweval.Doc, x *keywords.Extractor, method string) float64 {
	at5, _ := score(docs, extract(docs, x, method))
	return at5.F1()
}

// runPython is python jieba's top 10 of every text, by one method.
func runPython(python string, docs []kweval.Doc, method string) [][]string {
	var in strings.Builder
	for _, d := range docs {
		in.WriteString(strings.ReplaceAll(d.Text, "\n", " "))
		in.WriteByte('\n')
	}
	cmd := exec.Command(python, "-c", pythonScript, method)
	cmd.Stdin = strings.NewReader(in.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	check(err)
	var got [][]string
	check(json.Unmarshal(out, &got))
	if len(got) != len(docs) {
		check(fmt.Errorf("python jieba answered %d texts of %d", len(got), len(docs)))
	}
	return got
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "kweval:", err)
		os.Exit(1)
	}
}
