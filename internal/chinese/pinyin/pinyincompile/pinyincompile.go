// Package pinyincompile compiles mozillazg's pinyin-data (readings per
// character) and phrase-pinyin-data (readings per phrase), both MIT and
// committed under assets/dict/pinyin, into the phrasemap file package
// pinyin maps, at build time.
package pinyincompile

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"cloudtools/internal/chinese/phrasemap"
	"cloudtools/internal/chinese/pinyin"
)

// SourceDir is where the data are, relative to the module root.
const SourceDir = "assets/dict/pinyin"

// The source files in SourceDir.
const (
	CharFile   = "pinyin-data.txt"
	PhraseFile = "phrase-pinyin-data.txt"
)

// Sources are the files Compile reads from dir.
func Sources(dir string) []string {
	return []string{filepath.Join(dir, CharFile), filepath.Join(dir, PhraseFile)}
}

// Compile reads the data in dir and returns the compiled file, checked.
func Compile(dir string) ([]byte, error) {
	chars, err := readChars(filepath.Join(dir, CharFile))
	if err != nil {
		return nil, err
	}
	phrases, err := readPhrases(filepath.Join(dir, PhraseFile), chars)
	if err != nil {
		return nil, err
	}
	var b phrasemap.Builder
	if err := b.Add(pinyin.CharTable, chars); err != nil {
		return nil, err
	}
	if err := b.Add(pinyin.PhraseTable, phrases); err != nil {
		return nil, err
	}
	data, err := b.Bytes()
	if err != nil {
		return nil, err
	}
	return data, Verify(data)
}

// Verify checks a compiled file whole: its CRC and both tables.
func Verify(data []byte) error {
	f, err := phrasemap.Parse(data)
	if err != nil {
		return err
	}
	if err := f.Verify(); err != nil {
		return err
	}
	_, err = pinyin.New(f, nil)
	return err
}

// readChars reads "U+884C: xíng,háng,héng,xìng,hàng  # 行" lines.
func readChars(path string) (map[string]string, error) {
	out := map[string]string{}
	err := eachLine(path, func(n int, line string) error {
		code, readings, ok := strings.Cut(line, ":")
		cp, err := strconv.ParseUint(strings.TrimPrefix(code, "U+"), 16, 32)
		readings = strings.TrimSpace(readings)
		if !ok || err != nil || !strings.HasPrefix(code, "U+") || !utf8.ValidRune(rune(cp)) || readings == "" {
			return fmt.Errorf("want U+XXXX: readings, got %q", line)
		}
		out[string(rune(cp))] = readings
		return nil
	})
	return out, err
}

// readPhrases reads "银行: yín háng" lines; a phrase listed twice keeps its
// first reading (the file lists the usual one first). A reading must have
// one syllable a character, each a reading of its character or of the
// phrase's own (tone sandhi and erhua included), so a misaligned line
// fails the build instead of shifting readings.
func readPhrases(path string, chars map[string]string) (map[string]string, error) {
	out := map[string]string{}
	err := eachLine(path, func(n int, line string) error {
		phrase, reading, ok := strings.Cut(line, ":")
		phrase, reading = strings.TrimSpace(phrase), strings.Join(strings.Fields(reading), " ")
		if !ok || phrase == "" || reading == "" {
			return fmt.Errorf("want phrase: reading, got %q", line)
		}
		if got, want := len(strings.Fields(reading)), utf8.RuneCountInString(phrase); got != want {
			return fmt.Errorf("%s: %d syllables for %d characters", phrase, got, want)
		}
		for _, c := range phrase {
			if _, ok := chars[string(c)]; !ok {
				return fmt.Errorf("%s: %q has no reading in %s", phrase, c, CharFile)
			}
		}
		if _, dup := out[phrase]; !dup {
			out[phrase] = reading
		}
		return nil
	})
	return out, err
}

// eachLine calls fn with each line that is not blank or a comment, its
// trailing "# comment" removed.
func eachLine(path string, fn func(n int, line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		if err := fn(n, line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}
