// Package zhconvert converts Chinese text between simplified and
// traditional characters, between the regional standards of traditional
// (Taiwan, Hong Kong) and between traditional and Japanese shinjitai, with
// phrase-level rules: OpenCC 1.4.1's dictionaries and its sixteen configs,
// compiled by convcompile into one phrasemap file.
//
// The algorithm is OpenCC's. A config first normalizes the whole text
// (CJK compatibility ideographs to their unified twins), then cuts it into
// segments by longest match on its segmentation dictionary (unmatched
// characters gather into one segment), then each step of its chain rewrites
// every segment by longest match on the step's dictionary, taking each
// match's first candidate. A dictionary is a table or a group: a union group
// matches what its longest-matching member matches, a short-circuit group
// what its first matching member matches. An ideographic description
// sequence (⿰氵共) is never split: unmatched, it passes whole. Segments keep
// their place in the source, so callers get offsets.
package zhconvert

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/phrasemap"
)

// Dict is a node of a config's dictionary tree, as OpenCC's config JSON
// writes it: a table of the compiled file, or a group of dictionaries.
type Dict struct {
	Table string // a table's name; empty for a group
	Group []Dict
	Union bool // a group's match_policy: union (longest member match) or short_circuit (first member match)
	// MayOutputTofu marks OpenCC's tables whose answers some fonts lack
	// (TSCharactersExt). OpenCC's library and its test suite load them, its
	// command line skips them unless asked; zhconvert always loads them.
	MayOutputTofu bool
}

// Config is one of OpenCC's conversion configs (data/config/<name>.json).
type Config struct {
	Name          string
	Normalization []Dict // steps over the whole text, before segmentation
	// Segmentation cuts the text; nil means the text is one segment, which
	// for a one-step chain equals cutting it by that step's own matches.
	Segmentation *Dict
	Chain        []Dict
}

func table(name string) Dict       { return Dict{Table: name} }
func firstOf(members ...Dict) Dict { return Dict{Group: members} }
func unionOf(members ...Dict) Dict { return Dict{Group: members, Union: true} }
func tofu(d Dict) Dict             { d.MayOutputTofu = true; return d }
func config(name string, seg *Dict, chain ...Dict) Config {
	return Config{Name: name, Normalization: []Dict{table("CJK_Compatibility_Ideographs")}, Segmentation: seg, Chain: chain}
}

// Configs are OpenCC 1.4.1's sixteen, by name; convcompile's tests check
// them against the release's JSON files (assets/dict/opencc/convert/config).
var Configs = func() map[string]Config {
	stPhrases := unionOf(table("STPhrases"), table("STPhrases_GeneratedFromRegionalPhrases"))
	st := firstOf(stPhrases, table("STCharacters"))
	ts := firstOf(table("TSPhrases"), tofu(table("TSCharactersExt")), table("TSCharacters"))
	tsSeg := table("TSPhrases")
	pair := func(phrases, chars string) Dict { return firstOf(table(phrases), table(chars)) }
	triple := func(a, b, c string) Dict { return firstOf(table(a), table(b), table(c)) }
	list := []Config{
		config("s2t", nil, st),
		config("s2tw", &stPhrases, st, pair("TWVariantsPhrases", "TWVariants")),
		config("s2twp", &stPhrases, st, triple("TWPhrases", "TWVariantsPhrases", "TWVariants")),
		config("s2hk", &stPhrases, st, pair("HKVariantsPhrases", "HKVariants")),
		config("s2hkp", &stPhrases, st, triple("HKPhrases", "HKVariantsPhrases", "HKVariants")),
		config("t2s", nil, ts),
		config("tw2s", &tsSeg, pair("TWVariantsRevPhrases", "TWVariantsRev"), ts),
		config("tw2sp", &tsSeg, triple("TWPhrasesRev", "TWVariantsRevPhrases", "TWVariantsRev"), ts),
		config("hk2s", &tsSeg, pair("HKVariantsRevPhrases", "HKVariantsRev"), ts),
		config("hk2sp", &tsSeg, triple("HKPhrasesRev", "HKVariantsRevPhrases", "HKVariantsRev"), ts),
		config("t2tw", nil, pair("TWVariantsPhrases", "TWVariants")),
		config("tw2t", nil, pair("TWVariantsRevPhrases", "TWVariantsRev")),
		config("t2hk", nil, pair("HKVariantsPhrases", "HKVariants")),
		config("hk2t", nil, pair("HKVariantsRevPhrases", "HKVariantsRev")),
		config("t2jp", nil, table("JPShinjitaiCharactersRev")),
		config("jp2t", nil, pair("JPShinjitaiPhrases", "JPShinjitaiCharacters")),
	}
	m := map[string]Config{}
	for _, c := range list {
		m[c.Name] = c
	}
	return m
}()

// Tables are the names of the tables a dictionary tree reads.
func (d Dict) Tables() []string {
	if d.Table != "" {
		return []string{d.Table}
	}
	var names []string
	for _, m := range d.Group {
		names = append(names, m.Tables()...)
	}
	return names
}

// Dictionaries are the tables the configs use, as the file must hold them.
func Dictionaries() []string {
	var names []string
	for _, c := range Configs {
		for _, d := range c.dicts() {
			names = append(names, d.Tables()...)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func (c Config) dicts() []Dict {
	ds := slices.Concat(c.Normalization, c.Chain)
	if c.Segmentation != nil {
		ds = append(ds, *c.Segmentation)
	}
	return ds
}

// Converter runs the configs over one compiled file.
type Converter struct {
	file      *phrasemap.File
	pipelines map[string]pipeline
}

type pipeline struct {
	normalization []matcher
	segmentation  matcher
	steps         []matcher
	// byStep: the config has no segmentation and its one step cuts the
	// text, one-character matches gathering with the unmatched characters.
	byStep bool
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

// New uses an open file for the named configs, or for all of them when
// none is named; the file must hold every table they read.
func New(f *phrasemap.File, configs ...string) (*Converter, error) {
	if len(configs) == 0 {
		configs = slices.Sorted(maps.Keys(Configs))
	}
	c := &Converter{file: f, pipelines: map[string]pipeline{}}
	for _, name := range configs {
		cfg, ok := Configs[name]
		if !ok {
			return nil, fmt.Errorf("no config %q", name)
		}
		var p pipeline
		var err error
		if p.normalization, err = matchers(f, cfg.Normalization); err != nil {
			return nil, err
		}
		if p.steps, err = matchers(f, cfg.Chain); err != nil {
			return nil, err
		}
		switch {
		case cfg.Segmentation != nil:
			if p.segmentation, err = newMatcher(f, *cfg.Segmentation); err != nil {
				return nil, err
			}
		case len(p.steps) == 1:
			p.segmentation, p.byStep = p.steps[0], true
		default:
			return nil, fmt.Errorf("config %s: a chain of %d steps needs a segmentation", name, len(p.steps))
		}
		c.pipelines[name] = p
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
	p, ok := c.pipelines[config]
	if !ok {
		return nil, fmt.Errorf("no config %q", config)
	}
	normalized := text
	for _, m := range p.normalization {
		normalized = convertStep(m, normalized)
	}
	segs := segment(p.segmentation, normalized, p.byStep)
	if normalized != text {
		restoreSources(segs, text)
	}
	for i := range segs {
		s := segs[i].Source
		if normalized != text {
			s = normalized[segs[i].start:segs[i].end]
		}
		for _, m := range p.steps {
			s = convertStep(m, s)
		}
		segs[i].Text = s
	}
	out := make([]Segment, len(segs))
	for i, s := range segs {
		out[i] = s.Segment
	}
	return out, nil
}

// String is the converted text.
func String(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

// piece is a Segment with its byte range in the text it was cut from.
type piece struct {
	Segment
	start, end int
}

// restoreSources points the pieces cut from a normalized text back at the
// source: normalization maps one character to one (convcompile checks), so
// character offsets hold in both.
func restoreSources(segs []piece, source string) {
	starts := make([]int, 0, len(source)/3+1)
	for i := range source {
		starts = append(starts, i)
	}
	starts = append(starts, len(source))
	for i := range segs {
		if segs[i].End < len(starts) {
			segs[i].Source = source[starts[segs[i].Start]:starts[segs[i].End]]
		}
	}
}

// matcher is a compiled dictionary tree.
type matcher interface {
	// longest is the longest key that prefixes s: its length in bytes and
	// its value (all candidates); n is 0 when none does.
	longest(s string) (n int, value string)
}

type tableMatcher struct{ *phrasemap.Table }

func (t tableMatcher) longest(s string) (int, string) { return t.Longest(s) }

type groupMatcher struct {
	members []matcher
	union   bool
}

func (g groupMatcher) longest(s string) (n int, value string) {
	for _, m := range g.members {
		if k, v := m.longest(s); k > n {
			n, value = k, v
			if !g.union {
				return n, value
			}
		}
	}
	return n, value
}

func newMatcher(f *phrasemap.File, d Dict) (matcher, error) {
	if d.Table != "" {
		t := f.Table(d.Table)
		if t == nil {
			return nil, fmt.Errorf("%w: no %s dictionary", phrasemap.ErrFormat, d.Table)
		}
		return tableMatcher{t}, nil
	}
	members, err := matchers(f, d.Group)
	if err != nil {
		return nil, err
	}
	if len(members) == 1 {
		return members[0], nil
	}
	return groupMatcher{members: members, union: d.Union}, nil
}

func matchers(f *phrasemap.File, ds []Dict) ([]matcher, error) {
	ms := make([]matcher, len(ds))
	for i, d := range ds {
		m, err := newMatcher(f, d)
		if err != nil {
			return nil, err
		}
		ms[i] = m
	}
	return ms, nil
}

// next is OpenCC's step along s: the longest match and its value, or,
// unmatched, the length of one character (a whole ideographic description
// sequence if one starts here).
func next(m matcher, s string) (n int, value string, matched bool) {
	if n, value = m.longest(s); n > 0 {
		return n, value, true
	}
	if n = idsLength(s); n > 0 {
		return n, "", false
	}
	_, n = utf8.DecodeRuneInString(s)
	return n, "", false
}

// segment is OpenCC's MaxMatchSegmentation: each match is a segment, and
// the unmatched characters between matches gather into one. With
// gatherChars, one-character matches gather too: converting such a run
// whole gives what converting its characters one by one does.
func segment(m matcher, text string, gatherChars bool) []piece {
	var segs []piece
	bufStart, bufRunes := 0, 0 // the unmatched run: byte start, its length in runes
	runes := 0
	flush := func(end int) {
		if end > bufStart {
			segs = append(segs, piece{Segment{Source: text[bufStart:end], Start: runes - bufRunes, End: runes}, bufStart, end})
		}
		bufRunes = 0
	}
	for i := 0; i < len(text); {
		n, _, matched := next(m, text[i:])
		k := utf8.RuneCountInString(text[i : i+n])
		if matched && (!gatherChars || k > 1) {
			flush(i)
			segs = append(segs, piece{Segment{Source: text[i : i+n], Start: runes, End: runes + k}, i, i + n})
			bufStart = i + n
		} else {
			bufRunes += k
		}
		runes += k
		i += n
	}
	flush(len(text))
	return segs
}

// convertStep is OpenCC's Conversion: every match gives its first
// candidate; unmatched characters stay.
func convertStep(m matcher, s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		n, v, matched := next(m, s[i:])
		if matched {
			if sp := strings.IndexByte(v, ' '); sp >= 0 {
				v = v[:sp]
			}
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
