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

// Tables are the names of the tables a dictionary tree reads, as the
// compiled file holds them: a union of tables only is one table, named by
// its members joined with "+" (MergedName).
func (d Dict) Tables() []string {
	if name, ok := d.merged(); ok {
		return []string{name}
	}
	if d.Table != "" {
		return []string{d.Table}
	}
	var names []string
	for _, m := range d.Group {
		names = append(names, m.Tables()...)
	}
	return names
}

// MergeSeparator joins the members' names of a merged union table.
const MergeSeparator = "+"

// merged is the name of the one table a union of tables is compiled into.
// Longest match over such a union finds what longest match over the table
// of all their keys finds, a key several members hold taking the first
// member's value (convcompile merges so); OpenCC's PrefixMatch flattens
// such unions into one trie the same way. One lookup instead of several.
func (d Dict) merged() (string, bool) {
	if !d.Union || len(d.Group) < 2 {
		return "", false
	}
	names := make([]string, len(d.Group))
	for i, m := range d.Group {
		if m.Table == "" {
			return "", false
		}
		names[i] = m.Table
	}
	return strings.Join(names, MergeSeparator), true
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
	leads := map[*phrasemap.Table]*[256]bool{} // every config normalizes with one table
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
		for i, m := range p.normalization {
			if t, ok := m.(tableMatcher); ok {
				if leads[t.Table] == nil {
					leads[t.Table] = t.LeadBytes()
				}
				p.normalization[i] = leadFiltered{t, leads[t.Table]}
			}
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
	normalized, changed := text, false
	for _, m := range p.normalization {
		var ch bool
		normalized, ch = convertStep(m, normalized)
		changed = changed || ch
	}
	segs := segment(p.segmentation, normalized, p.byStep)
	if !p.byStep { // byStep segments come converted
		for i := range segs {
			s := segs[i].Source
			for _, m := range p.steps {
				s, _ = convertStep(m, s)
			}
			segs[i].Text = s
		}
	}
	if changed {
		restoreSources(segs, text)
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

// restoreSources points the segments cut from a normalized text back at
// the source: normalization maps one character to one (convcompile
// checks), so character offsets hold in both.
func restoreSources(segs []Segment, source string) {
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

// leadFiltered skips the lookup where no key begins with the text's byte:
// normalization runs over every character of every request, and its keys
// (compatibility ideographs) begin with two bytes running text rarely has.
type leadFiltered struct {
	tableMatcher
	lead *[256]bool
}

func (t leadFiltered) longest(s string) (int, string) {
	if s == "" || !t.lead[s[0]] {
		return 0, ""
	}
	return t.Longest(s)
}

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
	name, merged := d.merged()
	if !merged {
		name = d.Table
	}
	if name != "" {
		t := f.Table(name)
		if t == nil {
			return nil, fmt.Errorf("%w: no %s dictionary", phrasemap.ErrFormat, name)
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
	r, n := utf8.DecodeRuneInString(s)
	if idsArity(r) > 0 {
		if k := idsLength(s); k > 0 {
			return k, "", false
		}
	}
	return n, "", false
}

// segment is OpenCC's MaxMatchSegmentation: each match is a segment, and
// the unmatched characters between matches gather into one. With byStep,
// m is the config's one step and the segments come converted, one-character
// matches gathering too: converting such a run whole gives what converting
// its characters one by one does.
func segment(m matcher, text string, byStep bool) []Segment {
	var segs []Segment
	bufStart, bufRunes := 0, 0 // the gathered run: byte start, its length in runes
	var buf strings.Builder    // byStep: the gathered run, converted
	runes := 0
	flush := func(end int) {
		if end > bufStart {
			sg := Segment{Source: text[bufStart:end], Start: runes - bufRunes, End: runes}
			if byStep {
				sg.Text = buf.String()
				buf.Reset()
			}
			segs = append(segs, sg)
		}
		bufRunes = 0
	}
	for i := 0; i < len(text); {
		n, v, matched := next(m, text[i:])
		k := n
		if n > 1 {
			k = utf8.RuneCountInString(text[i : i+n])
		}
		switch {
		case matched && (!byStep || k > 1):
			flush(i)
			sg := Segment{Source: text[i : i+n], Start: runes, End: runes + k}
			if byStep {
				sg.Text = firstCandidate(v)
			}
			segs = append(segs, sg)
			bufStart = i + n
		case byStep && matched:
			buf.WriteString(firstCandidate(v))
			bufRunes += k
		case byStep:
			buf.WriteString(text[i : i+n])
			bufRunes += k
		default:
			bufRunes += k
		}
		runes += k
		i += n
	}
	flush(len(text))
	return segs
}

// convertStep is OpenCC's Conversion: every match gives its first
// candidate; unmatched characters stay. It returns s itself when nothing
// matched.
func convertStep(m matcher, s string) (string, bool) {
	var b strings.Builder
	started := false
	for i := 0; i < len(s); {
		n, v, matched := next(m, s[i:])
		if matched && !started {
			started = true
			b.Grow(len(s) + len(s)/5)
			b.WriteString(s[:i])
		}
		switch {
		case matched:
			b.WriteString(firstCandidate(v))
		case started:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	if !started {
		return s, false
	}
	return b.String(), true
}

// firstCandidate is a value's first candidate: the one OpenCC converts to.
func firstCandidate(v string) string {
	if sp := strings.IndexByte(v, ' '); sp >= 0 {
		return v[:sp]
	}
	return v
}
