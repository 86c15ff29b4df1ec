// Package g2peval reads the polyphone benchmarks of the g2pM paper (CPP)
// and of g2pL: one sentence a line with one character marked as ▁c▁, and a
// parallel file of labels, one numbered syllable a line (le5, lu:4). It
// scores a reader on them: the share of marked characters read right.
package g2peval

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// Marker surrounds the character to read.
const Marker = '▁'

// Example is one marked character in its sentence.
type Example struct {
	Text  string // without the markers
	At    int    // the character's index in Text, in code points
	Char  rune
	Label string // numbered, normalized by Normalize (lü4, le5)
}

// Read reads a benchmark split: base+".sent" and base+".lb".
func Read(base string) ([]Example, error) {
	sents, err := lines(base + ".sent")
	if err != nil {
		return nil, err
	}
	labels, err := lines(base + ".lb")
	if err != nil {
		return nil, err
	}
	if len(sents) != len(labels) {
		return nil, fmt.Errorf("%s: %d sentences, %d labels", base, len(sents), len(labels))
	}
	out := make([]Example, 0, len(sents))
	for i, s := range sents {
		ex, err := Parse(s, labels[i])
		if err != nil {
			return nil, fmt.Errorf("%s.sent:%d: %w", base, i+1, err)
		}
		out = append(out, ex)
	}
	return out, nil
}

// Parse reads one marked sentence and its label.
func Parse(sentence, label string) (Example, error) {
	before, rest, ok := strings.Cut(sentence, string(Marker))
	c, size := utf8.DecodeRuneInString(rest)
	if !ok || size == 0 || !strings.HasPrefix(rest[size:], string(Marker)) {
		return Example{}, fmt.Errorf("want one character between %c markers: %q", Marker, sentence)
	}
	after := rest[size+len(string(Marker)):]
	if strings.ContainsRune(after, Marker) {
		return Example{}, fmt.Errorf("more than one marked character: %q", sentence)
	}
	label = Normalize(label)
	if label == "" {
		return Example{}, fmt.Errorf("empty label for %q", sentence)
	}
	return Example{Text: before + string(c) + after, At: utf8.RuneCountInString(before), Char: c, Label: label}, nil
}

// Normalize writes a numbered syllable as the benchmarks' labels and
// pinyin.Format(s, pinyin.Number) both can: ü for u: and v, 5 for the
// neutral tone.
func Normalize(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "u:", "ü")
	s = strings.ReplaceAll(s, "v", "ü")
	if s == "" {
		return ""
	}
	if last := s[len(s)-1]; last < '1' || last > '5' {
		s += "5"
	}
	return s
}

// Result is a reader's score on a split.
type Result struct {
	Right, Total int
}

// Accuracy is Right/Total.
func (r Result) Accuracy() float64 {
	if r.Total == 0 {
		return 0
	}
	return float64(r.Right) / float64(r.Total)
}

// Score reads each example with read (which answers the numbered syllable
// of the marked character, any form Normalize reads) and counts the right
// ones; wrong, when not nil, sees every miss.
func Score(examples []Example, read func(Example) string, wrong func(ex Example, got string)) Result {
	var r Result
	for _, ex := range examples {
		got := Normalize(read(ex))
		r.Total++
		if got == ex.Label {
			r.Right++
		} else if wrong != nil {
			wrong(ex, got)
		}
	}
	return r
}

func lines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line := strings.TrimRight(sc.Text(), "\r"); strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}
