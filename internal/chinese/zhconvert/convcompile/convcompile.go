// Package convcompile compiles OpenCC's text dictionaries
// (assets/dict/opencc/convert, from OpenCC 1.4.1) into the phrasemap file
// zhconvert maps, at build time. It derives the five tables OpenCC's own
// build derives (data/CMakeLists.txt), as its scripts do:
//   - TWVariantsRev, HKVariantsRev and JPShinjitaiCharactersRev reverse
//     their sources, honouring their "# @reverse-prefer:" lines (reverse.py);
//   - TSCharactersExt holds the mappings TSCharacters marks "# @tofu-risk:"
//     without their first, identical candidate (extract_tofu_risk.py);
//   - STPhrases_GeneratedFromRegionalPhrases maps the simplified form of
//     every Hong Kong and Taiwan phrase key of three characters or more, as
//     config t2s converts it, back to the key
//     (generate_st_phrases_from_regional_phrases.py, which runs OpenCC's t2s;
//     here zhconvert's t2s runs, over the tables compiled so far).
package convcompile

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/phrasemap"
	"cloudtools/internal/chinese/zhconvert"
)

// SourceDir is where the dictionaries are, relative to the module root.
const SourceDir = "assets/dict/opencc/convert"

// The derived tables and what they are made from.
var (
	reversedFrom = map[string]string{
		"TWVariantsRev":            "TWVariants",
		"HKVariantsRev":            "HKVariants",
		"JPShinjitaiCharactersRev": "JPShinjitaiCharacters",
	}
)

const (
	tofuRiskTable   = "TSCharactersExt"
	tofuRiskSource  = "TSCharacters"
	regionalTable   = "STPhrases_GeneratedFromRegionalPhrases"
	regionalMinimum = 3 // characters: shorter simplified keys would split longer words (the script's rule)
)

// regionalSources are the phrase tables whose keys the regional table
// projects, in the order OpenCC's build passes them.
var regionalSources = []string{"HKPhrases", "TWPhrases"}

// leaves are the tables the configs read, a merged union's members each on
// their own.
func leaves() []string {
	var names []string
	for _, name := range zhconvert.Dictionaries() {
		names = append(names, strings.Split(name, zhconvert.MergeSeparator)...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// sourcesOf names the text dictionaries a table is made from: its own, or
// those OpenCC's build derives it from.
func sourcesOf(table string) []string {
	switch {
	case reversedFrom[table] != "":
		return []string{reversedFrom[table]}
	case table == tofuRiskTable:
		return []string{tofuRiskSource}
	case table == regionalTable:
		return regionalSources
	}
	return []string{table}
}

// Sources are the text files Compile reads from dir.
func Sources(dir string) []string {
	var names []string
	for _, name := range leaves() {
		names = append(names, sourcesOf(name)...)
	}
	files := make([]string, len(names))
	for i, n := range names {
		files[i] = filepath.Join(dir, n+".txt")
	}
	slices.Sort(files)
	return slices.Compact(files)
}

// Compile reads the dictionaries in dir and returns the compiled file,
// checked.
func Compile(dir string) ([]byte, error) {
	tables, err := Tables(dir)
	if err != nil {
		return nil, err
	}
	compiled := map[string]map[string]string{}
	for _, name := range zhconvert.Dictionaries() {
		compiled[name] = tables[name]
	}
	data, err := build(compiled)
	if err != nil {
		return nil, err
	}
	if err := Verify(data); err != nil {
		return nil, err
	}
	return data, nil
}

// Tables are every table the configs read, by name, as key → candidates
// (space-separated), read from dir or derived: the merged unions the file
// holds, and their members.
func Tables(dir string) (map[string]map[string]string, error) {
	sources := map[string]*source{}
	read := func(name string) (*source, error) {
		if s, ok := sources[name]; ok {
			return s, nil
		}
		s, err := readSource(filepath.Join(dir, name+".txt"))
		if err == nil {
			sources[name] = s
		}
		return s, err
	}
	tables := map[string]map[string]string{}
	for _, name := range leaves() {
		if name == regionalTable {
			continue // made after the others, with t2s over them
		}
		s, err := read(sourcesOf(name)[0])
		if err != nil {
			return nil, err
		}
		var t map[string]string
		switch {
		case reversedFrom[name] != "":
			t, err = s.reversed()
		case name == tofuRiskTable:
			t, err = s.table(s.tofuRisk)
		default:
			t, err = s.table(s.entries)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		tables[name] = t
	}
	if err := checkNormalization(tables); err != nil {
		return nil, err
	}
	var regional []*source
	for _, name := range sourcesOf(regionalTable) {
		s, err := read(name)
		if err != nil {
			return nil, err
		}
		regional = append(regional, s)
	}
	t, err := regionalPhrases(tables, regional)
	if err != nil {
		return nil, err
	}
	tables[regionalTable] = t
	for _, name := range zhconvert.Dictionaries() {
		if members := strings.Split(name, zhconvert.MergeSeparator); len(members) > 1 {
			tables[name] = merge(tables, members)
		}
	}
	return tables, nil
}

// merge is one table of the members' keys, a key several hold taking the
// first member's value: longest match on it is longest match over the
// union.
func merge(tables map[string]map[string]string, members []string) map[string]string {
	out := map[string]string{}
	for _, m := range slices.Backward(members) {
		maps.Copy(out, tables[m])
	}
	return out
}

// Text is a table in OpenCC's text format, sorted by key as OpenCC's
// scripts write it: for comparing a derived table with OpenCC's build.
func Text(table map[string]string) []byte {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(table)) {
		fmt.Fprintf(&b, "%s\t%s\n", k, table[k])
	}
	return []byte(b.String())
}

// Derived are the tables the build makes rather than reads.
func Derived() []string {
	names := append(slices.Collect(maps.Keys(reversedFrom)), tofuRiskTable, regionalTable)
	slices.Sort(names)
	return names
}

// Verify checks a compiled file whole: its CRC, and every dictionary the
// configs use.
func Verify(data []byte) error {
	f, err := phrasemap.Parse(data)
	if err != nil {
		return err
	}
	if err := f.Verify(); err != nil {
		return err
	}
	_, err = zhconvert.New(f)
	return err
}

func build(tables map[string]map[string]string) ([]byte, error) {
	var b phrasemap.Builder
	for _, name := range slices.Sorted(maps.Keys(tables)) {
		if err := b.Add(name, tables[name]); err != nil {
			return nil, err
		}
	}
	return b.Bytes()
}

// checkNormalization: the normalization tables map one character to one,
// so a segment's character offsets hold in the source (zhconvert relies on
// it).
func checkNormalization(tables map[string]map[string]string) error {
	for _, c := range zhconvert.Configs {
		for _, d := range c.Normalization {
			for _, name := range d.Tables() {
				for k, v := range tables[name] {
					first, _, _ := strings.Cut(v, " ")
					if utf8.RuneCountInString(k) != 1 || utf8.RuneCountInString(first) != 1 {
						return fmt.Errorf("%s: %q → %q is not one character to one", name, k, first)
					}
				}
			}
		}
	}
	return nil
}

// regionalPhrases is STPhrases_GeneratedFromRegionalPhrases: each regional
// key's t2s form of three characters or more → the key. Two keys with one
// simplified form are an error, as in OpenCC's script.
func regionalPhrases(tables map[string]map[string]string, sources []*source) (map[string]string, error) {
	data, err := build(tables)
	if err != nil {
		return nil, err
	}
	f, err := phrasemap.Parse(data)
	if err != nil {
		return nil, err
	}
	t2s, err := zhconvert.New(f, "t2s")
	if err != nil {
		return nil, err
	}
	keys := map[string][]string{} // simplified → regional keys, in file order
	for _, s := range sources {
		for _, e := range s.entries {
			segs, err := t2s.Convert("t2s", e.key)
			if err != nil {
				return nil, err
			}
			simplified := zhconvert.String(segs)
			if utf8.RuneCountInString(simplified) < regionalMinimum {
				continue
			}
			keys[simplified] = append(keys[simplified], e.key)
		}
	}
	out := map[string]string{}
	var conflicts []string
	for simplified, ks := range keys {
		if distinct := slices.Compact(slices.Sorted(slices.Values(ks))); len(distinct) > 1 {
			conflicts = append(conflicts, simplified+": "+strings.Join(distinct, " "))
		}
		out[simplified] = ks[0]
	}
	if len(conflicts) > 0 {
		slices.Sort(conflicts)
		return nil, fmt.Errorf("%s: regional phrases with one simplified form: %s", regionalTable, strings.Join(conflicts, "; "))
	}
	return out, nil
}

// source is one of OpenCC's text dictionaries: "key<TAB>candidate
// candidate…" lines, # comments, blank lines; two comment annotations
// matter to the derived tables.
type source struct {
	path          string
	entries       []entry           // in file order
	tofuRisk      []entry           // the mappings "# @tofu-risk:" marks, without a first candidate equal to the key
	reversePrefer map[string]string // "# @reverse-prefer: key [candidate]": the reversed table's first candidate for key
}

type entry struct {
	key        string
	candidates []string
	line       int
}

const (
	tofuRiskMark      = "# @tofu-risk:"
	reversePreferMark = "# @reverse-prefer:"
)

func readSource(path string) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s := &source{path: path, reversePrefer: map[string]string{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	tofuNext := false
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.HasPrefix(line, reversePreferMark) {
			fields := strings.Fields(line[len(reversePreferMark):])
			if len(fields) != 1 && len(fields) != 2 {
				return nil, fmt.Errorf("%s:%d: want %s key [candidate]", path, n, reversePreferMark)
			}
			s.reversePrefer[fields[0]] = fields[len(fields)-1]
		}
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			if tofuNext {
				return nil, fmt.Errorf("%s:%d: want a mapping after %s", path, n, tofuRiskMark)
			}
			tofuNext = strings.HasPrefix(line, tofuRiskMark)
			continue
		}
		key, values, ok := strings.Cut(line, "\t")
		e := entry{key: key, candidates: strings.Fields(values), line: n}
		if !ok || key == "" || len(e.candidates) == 0 {
			return nil, fmt.Errorf("%s:%d: want key<TAB>candidates: %q", path, n, line)
		}
		s.entries = append(s.entries, e)
		if tofuNext {
			ext := e
			if ext.candidates[0] == key {
				ext.candidates = ext.candidates[1:]
			}
			if len(ext.candidates) == 0 {
				return nil, fmt.Errorf("%s:%d: %s marks a mapping with no other candidate", path, n, tofuRiskMark)
			}
			s.tofuRisk = append(s.tofuRisk, ext)
			tofuNext = false
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if tofuNext {
		return nil, fmt.Errorf("%s: %s at the end", path, tofuRiskMark)
	}
	return s, nil
}

// table maps entries' keys to their candidates; a key listed twice is an
// error.
func (s *source) table(entries []entry) (map[string]string, error) {
	out := make(map[string]string, len(entries))
	for _, e := range entries {
		if _, dup := out[e.key]; dup {
			return nil, fmt.Errorf("%s:%d: %q listed twice", s.path, e.line, e.key)
		}
		out[e.key] = strings.Join(e.candidates, " ")
	}
	return out, nil
}

// reversed maps each candidate to the keys listing it, in file order, then
// puts each @reverse-prefer candidate first (reverse.py's swap).
func (s *source) reversed() (map[string]string, error) {
	rev := map[string][]string{}
	for _, e := range s.entries {
		for _, c := range e.candidates {
			rev[c] = append(rev[c], e.key)
		}
	}
	for key, preferred := range s.reversePrefer {
		i := slices.Index(rev[key], preferred)
		if i < 0 {
			return nil, fmt.Errorf("%s: %s %s %s has no matching mapping", s.path, reversePreferMark, key, preferred)
		}
		rev[key] = slices.Insert(slices.Delete(rev[key], i, i+1), 0, preferred)
	}
	out := make(map[string]string, len(rev))
	for k, keys := range rev {
		out[k] = strings.Join(keys, " ")
	}
	return out, nil
}
