// Package zhconvert converts Chinese text between simplified and
// traditional characters, and between the regional variants of
// traditional (Taiwan, Hong Kong), with phrase-level rules: OpenCC's
// dictionaries and conversion chains (configs s2t, s2tw, s2twp, s2hk, t2s,
// tw2s, tw2sp, hk2s), compiled by convcompile into one phrasemap file.
//
// The algorithm is OpenCC's: the text is cut into segments by longest
// match on the config's segmentation dictionary (unmatched characters
// gather into one segment), then each step of the chain rewrites every
// segment by longest match, taking from a step's group of dictionaries the
// first that matches at all, and each match's first candidate. Segments
// keep their place in the source, so callers get offsets.
package zhconvert

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/phrasemap"
)

// Config is one of OpenCC's conversion configs: its segmentation
// dictionary and its chain of steps, each a group of dictionaries.
type Config struct {
	Name         string
	Segmentation string
	Chain        [][]string
}

// Configs are OpenCC 1.3.0's, by name (data/config/<name>.json).
var Configs = map[string]Config{
	"s2t":   {"s2t", "STPhrases", [][]string{{"STPhrases", "STCharacters"}}},
	"s2tw":  {"s2tw", "STPhrases", [][]string{{"STPhrases", "STCharacters"}, {"TWVariants"}}},
	"s2twp": {"s2twp", "STPhrases", [][]string{{"STPhrases", "STCharacters"}, {"TWPhrases"}, {"TWVariants"}}},
	"s2hk":  {"s2hk", "STPhrases", [][]string{{"STPhrases", "STCharacters"}, {"HKVariants"}}},
	"t2s":   {"t2s", "TSPhrases", [][]string{{"TSPhrases", "TSCharacters"}}},
	"tw2s":  {"tw2s", "TSPhrases", [][]string{{"TWVariantsRevPhrases", "TWVariantsRev"}, {"TSPhrases", "TSCharacters"}}},
	"tw2sp": {"tw2sp", "TSPhrases", [][]string{{"TWPhrasesRev", "TWVariantsRevPhrases", "TWVariantsRev"}, {"TSPhrases", "TSCharacters"}}},
	"hk2s":  {"hk2s", "TSPhrases", [][]string{{"HKVariantsRevPhrases", "HKVariantsRev"}, {"TSPhrases", "TSCharacters"}}},
}

// Dictionaries are the tables the configs use, as the file must hold them.
func Dictionaries() []string {
	var names []string
	for _, c := range Configs {
		names = append(names, c.Segmentation)
		for _, step := range c.Chain {
			names = append(names, step...)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Converter runs the configs over one compiled file.
type Converter struct {
	file   *phrasemap.File
	chains map[string]chain
}

type chain struct {
	segmentation *phrasemap.Table
	steps        [][]*phrasemap.Table
}

// Open maps the compiled file at path.
func Open(path string) (*Converter, error) {
	f, err := phrasemap.Open(path)
	if err != nil {
		return nil, err
	}
	c, err := New(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return c, nil
}

// New uses an open file, which must hold every dictionary of the configs.
func New(f *phrasemap.File) (*Converter, error) {
	table := func(name string) (*phrasemap.Table, error) {
		if t := f.Table(name); t != nil {
			return t, nil
		}
		return nil, fmt.Errorf("%w: no %s dictionary", phrasemap.ErrFormat, name)
	}
	c := &Converter{file: f, chains: map[string]chain{}}
	for name, cfg := range Configs {
		seg, err := table(cfg.Segmentation)
		if err != nil {
			return nil, err
		}
		ch := chain{segmentation: seg}
		for _, group := range cfg.Chain {
			var step []*phrasemap.Table
			for _, d := range group {
				t, err := table(d)
				if err != nil {
					return nil, err
				}
				step = append(step, t)
			}
			ch.steps = append(ch.steps, step)
		}
		c.chains[name] = ch
	}
	return c, nil
}

// Close unmaps the file.
func (c *Converter) Close() error { return c.file.Close() }

// Segment is a piece of the source and what it became. Start and End are
// offsets in characters (code points) of the source.
type Segment struct {
	Source string
	Text   string
	Start  int
	End    int
}

// Convert converts text with the named config (Configs).
func (c *Converter) Convert(config, text string) ([]Segment, error) {
	ch, ok := c.chains[config]
	if !ok {
		return nil, fmt.Errorf("no config %q", config)
	}
	segs := segment(ch.segmentation, text)
	for i := range segs {
		s := segs[i].Source
		for _, step := range ch.steps {
			s = convertStep(step, s)
		}
		segs[i].Text = s
	}
	return segs, nil
}

// String is the converted text.
func String(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

// segment is OpenCC's MaxMatchSegmentation.
func segment(dict *phrasemap.Table, text string) []Segment {
	var segs []Segment
	bufStart, bufRunes := 0, 0 // the unmatched run: byte start, its length in runes
	runes := 0
	flush := func(end int) {
		if end > bufStart {
			segs = append(segs, Segment{Source: text[bufStart:end], Start: runes - bufRunes, End: runes})
		}
		bufRunes = 0
	}
	for i := 0; i < len(text); {
		if n, _ := dict.Longest(text[i:]); n > 0 {
			flush(i)
			k := utf8.RuneCountInString(text[i : i+n])
			segs = append(segs, Segment{Source: text[i : i+n], Start: runes, End: runes + k})
			runes += k
			i += n
			bufStart = i
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
		runes++
		bufRunes++
	}
	flush(len(text))
	return segs
}

// convertStep is OpenCC's Conversion over a group: at each place the first
// dictionary with a match gives its longest match's first candidate; an
// unmatched character stays.
func convertStep(group []*phrasemap.Table, s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		matched := false
		for _, d := range group {
			if n, v := d.Longest(s[i:]); n > 0 {
				if sp := strings.IndexByte(v, ' '); sp >= 0 {
					v = v[:sp]
				}
				b.WriteString(v)
				i += n
				matched = true
				break
			}
		}
		if !matched {
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}
