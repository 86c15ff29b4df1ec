// Package convcompile compiles OpenCC's text dictionaries
// (assets/dict/opencc/convert, from OpenCC 1.3.0) into the phrasemap file
// zhconvert maps, at build time. It derives the two dictionaries OpenCC's
// own build derives (TWVariantsRev and HKVariantsRev, by reversing
// TWVariants and HKVariants as its scripts/reverse.py does).
package convcompile

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"cloudtools/internal/chinese/phrasemap"
	"cloudtools/internal/chinese/zhconvert"
)

// SourceDir is where the dictionaries are, relative to the module root.
const SourceDir = "assets/dict/opencc/convert"

// reversed are the derived dictionaries and their sources.
var reversed = map[string]string{"TWVariantsRev": "TWVariants", "HKVariantsRev": "HKVariants"}

// Sources are the text files Compile reads from dir.
func Sources(dir string) []string {
	var files []string
	for _, name := range zhconvert.Dictionaries() {
		if src, ok := reversed[name]; ok {
			name = src
		}
		files = append(files, filepath.Join(dir, name+".txt"))
	}
	slices.Sort(files)
	return slices.Compact(files)
}

// Compile reads the dictionaries in dir and returns the compiled file,
// checked.
func Compile(dir string) ([]byte, error) {
	var b phrasemap.Builder
	for _, name := range zhconvert.Dictionaries() {
		var entries map[string]string
		var err error
		if src, ok := reversed[name]; ok {
			entries, err = readDict(filepath.Join(dir, src+".txt"), true)
		} else {
			entries, err = readDict(filepath.Join(dir, name+".txt"), false)
		}
		if err != nil {
			return nil, err
		}
		if err := b.Add(name, entries); err != nil {
			return nil, err
		}
	}
	data, err := b.Bytes()
	if err != nil {
		return nil, err
	}
	if err := Verify(data); err != nil {
		return nil, err
	}
	return data, nil
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

// readDict reads "key<TAB>value value…" lines (# comments, blank lines);
// reverse maps each value to its keys, in file order, as reverse.py does.
func readDict(path string, reverse bool) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, values, ok := strings.Cut(line, "\t")
		if !ok || key == "" || strings.TrimSpace(values) == "" {
			return nil, fmt.Errorf("%s:%d: want key<TAB>values: %q", path, n, line)
		}
		if !reverse {
			if _, dup := out[key]; dup {
				return nil, fmt.Errorf("%s:%d: %q listed twice", path, n, key)
			}
			out[key] = strings.Join(strings.Fields(values), " ")
			continue
		}
		for _, v := range strings.Split(values, " ") {
			if v == "" {
				continue
			}
			if old, ok := out[v]; ok {
				out[v] = old + " " + key
			} else {
				out[v] = key
			}
		}
	}
	return out, sc.Err()
}

// Text is a derived dictionary (TWVariantsRev, HKVariantsRev) in OpenCC's
// text format, as the compiled file holds it: for checks against OpenCC.
func Text(dir, name string) ([]byte, error) {
	src, ok := reversed[name]
	if !ok {
		return nil, fmt.Errorf("%s is not a derived dictionary", name)
	}
	entries, err := readDict(filepath.Join(dir, src+".txt"), true)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(entries)) {
		fmt.Fprintf(&b, "%s\t%s\n", k, entries[k])
	}
	return []byte(b.String()), nil
}
