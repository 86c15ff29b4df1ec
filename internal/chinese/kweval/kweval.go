// Package kweval scores keyword extraction against keywords that authors
// assigned: exact string match of the top k, precision and recall per text,
// averaged over the texts, and F1 as the harmonic mean of the two averages
// (the measure keyphrase benchmarks report as F1@k).
package kweval

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Doc is a text and its authors' keywords.
type Doc struct {
	Text     string
	Keywords []string
}

// Read reads a development set, one text a line: the text, a tab, and its
// keywords joined by "_". A line of three or more tab-separated fields
// (CSL's keyword-generation files put a task prompt first) takes its last
// two. Repeated keywords of a line count once.
func Read(r io.Reader) ([]Doc, error) {
	var docs []Doc
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: want text<TAB>keyword_keyword…", n)
		}
		d := Doc{Text: f[len(f)-2]}
		seen := map[string]bool{}
		for _, k := range strings.Split(f[len(f)-1], "_") {
			if k = strings.TrimSpace(k); k != "" && !seen[k] {
				seen[k] = true
				d.Keywords = append(d.Keywords, k)
			}
		}
		if len(d.Keywords) == 0 {
			return nil, fmt.Errorf("line %d: no keywords", n)
		}
		docs = append(docs, d)
	}
	return docs, sc.Err()
}

// Score sums precision and recall over texts.
type Score struct {
	Docs            int
	precSum, recSum float64
}

// Add scores one text's extracted keywords (already cut to k) against its
// gold keywords; an extracted keyword matches at most once.
func (s *Score) Add(gold, got []string) {
	want := make(map[string]bool, len(gold))
	for _, g := range gold {
		want[g] = true
	}
	match := 0
	for _, k := range got {
		if want[k] {
			match++
			delete(want, k)
		}
	}
	s.Docs++
	if len(got) > 0 {
		s.precSum += float64(match) / float64(len(got))
	}
	if len(gold) > 0 {
		s.recSum += float64(match) / float64(len(gold))
	}
}

// Precision is the mean share of extracted keywords that are the authors'.
func (s Score) Precision() float64 { return mean(s.precSum, s.Docs) }

// Recall is the mean share of the authors' keywords extracted.
func (s Score) Recall() float64 { return mean(s.recSum, s.Docs) }

// F1 is the harmonic mean of Precision and Recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func mean(sum float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
