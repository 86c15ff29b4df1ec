// Command segeval measures segmentation accuracy on the development sets
// (internal/chinese/segeval/testdata: the same sentences in simplified and in
// traditional script) for every mode, with and without the HMM:
// this project's segmenter (default and -jieba options), python jieba
// (Debian's python3-jieba, run as a subprocess) and gse (in-process, with
// its own dictionary loading), all scored by the same span matcher.
//
//	go run ./cmd/eval/segeval [-gold FILE,FILE] [-dict DIR] [-python python3] [-agree CORPUS]
//
// -agree also compares accurate mode with jieba's on a large corpus: the
// share of lines cut identically and the span F1 against jieba's words.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-ego/gse"

	"cloudtools/internal/chinese/segeval"
	"cloudtools/internal/chinese/segmenter"
	"cloudtools/internal/layout"
)

func main() {
	gold := flag.String("gold", "internal/chinese/segeval/testdata/ud-gsdsimp-dev.gold.txt,internal/chinese/segeval/testdata/ud-gsd-dev.gold.txt",
		"gold segmentations, words separated by two spaces; comma-separated")
	dict := flag.String("dict", layout.DictionaryDir(layout.BuildDir), "folder of the compiled dictionary")
	python := flag.String("python", "/usr/bin/python3", "a python with jieba (apt install python3-jieba); empty to skip")
	agree := flag.String("agree", "", "a UTF-8 corpus, one text per line, to compare with jieba's output")
	flag.Parse()

	ours, err := segmenter.Load(*dict, segmenter.Options{})
	check(err)
	compat, err := segmenter.New(ours.Dict(), segmenter.Options{Jieba: true})
	check(err)
	for i, path := range strings.Split(*gold, ",") {
		if i > 0 {
			fmt.Println()
		}
		evaluate(path, ours, compat, python)
	}
	if *agree != "" && *python != "" {
		agreement(*agree, *python, ours, compat)
	}
}

// evaluate prints the table for one gold file.
func evaluate(path string, ours, compat *segmenter.Segmenter, python *string) {
	f, err := os.Open(path)
	check(err)
	sents, err := segeval.ReadGold(f)
	check(err)
	f.Close()
	texts := make([]string, len(sents))
	for i, s := range sents {
		texts[i] = s.Text
	}

	fmt.Printf("%d sentences of %s, word spans scored alike for every segmenter.\n\n", len(sents), filepath.Base(path))
	fmt.Println("| segmenter | mode | HMM | precision | recall | F1 |")
	fmt.Println("|---|---|---|---|---|---|")
	row := func(name, mode string, hmm string, s segeval.Score) {
		fmt.Printf("| %s | %s | %s | %.4f | %.4f | **%.4f** |\n", name, mode, hmm, s.Precision(), s.Recall(), s.F1())
	}
	for _, m := range []segmenter.Mode{segmenter.Accurate, segmenter.Search, segmenter.Full} {
		for _, hmm := range []bool{true, false} {
			if m == segmenter.Full && !hmm {
				continue // full mode has no HMM
			}
			row("cloudtools (default)", m.String(), onOff(hmm, m), scoreWords(sents, cutAll(ours, m, hmm, texts), m))
			row("cloudtools -jieba", m.String(), onOff(hmm, m), scoreWords(sents, cutAll(compat, m, hmm, texts), m))
			if *python != "" {
				words, err := runJieba(*python, m, hmm, texts)
				if err != nil {
					fmt.Fprintln(os.Stderr, "segeval: python jieba:", err)
					*python = ""
				} else {
					row("python jieba 0.42.1", m.String(), onOff(hmm, m), scoreWords(sents, words, m))
				}
			}
			row("gse v0.80.3", m.String(), onOff(hmm, m), scoreWords(sents, runGse(m, hmm, texts), m))
		}
	}
	// The treebank splits dates (1996 年), where most standards join them,
	// as the default style does: its F1 with the gold's dates joined.
	joined := segeval.JoinDates(sents)
	fmt.Printf("\nDefault style, accurate, HMM on, with the gold's digit + 年/月/日/号 joined as most standards do: F1 %.4f (%d dates)\n",
		scoreWords(joined, cutAll(ours, segmenter.Accurate, true, texts), segmenter.Accurate).F1(), countDates(sents, joined))
}

func countDates(a, b []segeval.Sentence) int {
	n := 0
	for i := range a {
		n += len(a[i].Words) - len(b[i].Words)
	}
	return n
}

func onOff(hmm bool, m segmenter.Mode) string {
	switch {
	case m == segmenter.Full:
		return "n/a"
	case hmm:
		return "on"
	}
	return "off"
}

// cutAll segments each text; its words are scored as the others' are,
// from the words alone, not from the offsets the segmenter knows.
func cutAll(seg *segmenter.Segmenter, m segmenter.Mode, hmm bool, texts []string) [][]string {
	out := make([][]string, len(texts))
	for i, t := range texts {
		out[i] = segmenter.Words(seg.Tokenize(nil, t, m, hmm))
	}
	return out
}

// scoreWords scores output, whose words are located in the text.
func scoreWords(sents []segeval.Sentence, words [][]string, m segmenter.Mode) segeval.Score {
	order := map[segmenter.Mode]segeval.Order{
		segmenter.Accurate: segeval.Tiled, segmenter.Full: segeval.ByStart, segmenter.Search: segeval.SubwordsFirst,
	}[m]
	var s segeval.Score
	for i, sent := range sents {
		s.Add(sent.Words, segeval.Locate(sent.Text, words[i], order))
	}
	return s
}

// jiebaScript reads lines on stdin and prints each line's words (no
// whitespace words) separated by two spaces.
const jiebaScript = `
import sys, jieba
jieba.setLogLevel(60)
mode, hmm = sys.argv[1], sys.argv[2] == "on"
out = sys.stdout
for line in sys.stdin:
    line = line.rstrip("\n")
    if mode == "full":
        ws = jieba.cut(line, cut_all=True)
    elif mode == "search":
        ws = jieba.cut_for_search(line, HMM=hmm)
    else:
        ws = jieba.cut(line, HMM=hmm)
    out.write("  ".join(w for w in ws if w.strip()) + "\n")
`

func runJieba(python string, m segmenter.Mode, hmm bool, texts []string) ([][]string, error) {
	cmd := exec.Command(python, "-c", jiebaScript, m.String(), onOff(hmm, segmenter.Accurate))
	cmd.Stdin = strings.NewReader(strings.Join(texts, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(texts) {
		return nil, fmt.Errorf("%d lines out for %d in", len(lines), len(texts))
	}
	words := make([][]string, len(lines))
	for i, l := range lines {
		words[i] = splitWords(l)
	}
	return words, nil
}

func splitWords(line string) []string {
	if line == "" {
		return nil
	}
	return strings.Split(line, "  ")
}

var gseSeg *gse.Segmenter

// runGse segments with gse as its users do: its own loader over its zh
// dictionary files (simplified and traditional, as gse.New loads them).
func runGse(m segmenter.Mode, hmm bool, texts []string) [][]string {
	if gseSeg == nil {
		gse.ToLower = false
		s, err := gse.New()
		check(err)
		s.SkipLog = true
		gseSeg = &s
	}
	out := make([][]string, len(texts))
	for i, t := range texts {
		var ws []string
		switch m {
		case segmenter.Full:
			ws = gseSeg.CutAll(t)
		case segmenter.Search:
			ws = gseSeg.CutSearch(t, hmm)
		default:
			ws = gseSeg.Cut(t, hmm)
		}
		for _, w := range ws {
			if w = strings.TrimSpace(w); w != "" {
				out[i] = append(out[i], w)
			}
		}
	}
	return out
}

// agreement compares accurate mode (HMM on) with python jieba's on a corpus.
func agreement(path, python string, ours, compat *segmenter.Segmenter) {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	var texts []string
	size := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" && !strings.Contains(t, "\r") {
			texts = append(texts, t)
			size += len(t)
		}
	}
	check(sc.Err())
	start := time.Now()
	ref, err := runJieba(python, segmenter.Accurate, true, texts)
	check(err)
	fmt.Printf("\nAgreement with python jieba (accurate, HMM on) on %s: %d lines, %.1f MB (jieba took %.1f s wall)\n\n",
		filepath.Base(path), len(texts), float64(size)/1e6, time.Since(start).Seconds())
	fmt.Println("| segmenter | identical lines | span F1 against jieba |")
	fmt.Println("|---|---|---|")
	for _, s := range []struct {
		name string
		seg  *segmenter.Segmenter
	}{{"cloudtools -jieba", compat}, {"cloudtools (default)", ours}} {
		var score segeval.Score
		same := 0
		var toks []segmenter.Token
		for i, t := range texts {
			toks = s.seg.Tokenize(toks[:0], t, segmenter.Accurate, true)
			words := segmenter.Words(toks)
			if strings.Join(words, "  ") == strings.Join(ref[i], "  ") {
				same++
			}
			spans := make([]segeval.Span, len(toks))
			for j, tk := range toks {
				spans[j] = segeval.Span{Start: tk.Start, End: tk.End}
			}
			score.Add(segeval.Locate(t, ref[i], segeval.Tiled), spans)
		}
		fmt.Printf("| %s | %.2f%% | %.4f |\n", s.name, 100*float64(same)/float64(len(texts)), score.F1())
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "segeval:", err)
		os.Exit(1)
	}
}
