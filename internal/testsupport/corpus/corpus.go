// Package corpus is running Chinese text for the benchmark and measuring
// commands, from packages Debian ships.
package corpus

import (
	"bufio"
	"compress/gzip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// ManPages extracts the prose of Debian's Chinese manual pages
// (apt install manpages-zh): every line of running text with a Han
// character, roff requests and escapes removed. About 3.4 MB of general
// technical Chinese, mixed with Latin words and numbers.
func ManPages(dir string) ([]string, error) {
	pages, err := filepath.Glob(filepath.Join(dir, "man*", "*.gz"))
	if err != nil || len(pages) == 0 {
		return nil, err
	}
	escape := regexp.MustCompile(`\\f[BIRP]|\\\(..|\\[&e-]`)
	var lines []string
	for _, p := range pages {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			continue
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			l := sc.Text()
			if strings.HasPrefix(l, `.\"`) || strings.HasPrefix(l, `'\"`) {
				continue
			}
			if strings.HasPrefix(l, ".") {
				_, rest, ok := strings.Cut(l, " ")
				if !ok {
					continue
				}
				l = rest
			}
			l = strings.TrimSpace(escape.ReplaceAllString(l, ""))
			if strings.ContainsFunc(l, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				lines = append(lines, l)
			}
		}
		zr.Close()
		f.Close()
	}
	return lines, nil
}
