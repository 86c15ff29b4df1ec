package segdict

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"unicode/utf8"
)

// Entry is one dictionary line: a word, its corpus frequency and POS tag.
type Entry struct {
	Word string
	Freq int64
	POS  string
}

// Source is everything a compiled dictionary is made from.
type Source struct {
	// Words in load order; a later entry for the same word replaces an
	// earlier one (a user dictionary read last wins). Words with frequency 0
	// are kept as keys but never segmented as words, as in jieba.
	Words []Entry
	// IDF is the keyword extractor's inverse document frequency per word.
	IDF map[string]float64
	// HMM for unknown words: start, transition and emission
	// log-probabilities, indexed by State*.
	Start [NumStates]float64
	Trans [NumStates][NumStates]float64
	Emit  [NumStates]map[rune]float64
}

// Compile lays out src as a compiled dictionary file.
func Compile(src *Source) ([]byte, error) {
	keys, total, err := mergeWords(src)
	if err != nil {
		return nil, err
	}
	codes, err := assignCodes(keys, src.Emit)
	if err != nil {
		return nil, err
	}
	// Word ids follow the keys' code order, which the trie builder needs.
	encoded := make([][]int32, len(keys))
	for i, k := range keys {
		encoded[i] = encode(k.Word, codes)
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return slices.Compare(encoded[a], encoded[b]) })
	sortedKeys := make([][]int32, len(keys))
	for id, i := range order {
		sortedKeys[id] = encoded[i]
	}
	trie, err := buildTrie(sortedKeys)
	if err != nil {
		return nil, err
	}

	posNames, posIndex := posTable(keys)
	logTotal := math.Log(float64(total))
	logp := make([]float64, len(keys))
	pos := make([]uint8, len(keys))
	idf := make([]float32, len(keys))
	for id, i := range order {
		k := keys[i]
		logp[id] = math.NaN()
		if k.Freq > 0 {
			logp[id] = math.Log(float64(k.Freq)) - logTotal
		}
		pos[id] = posIndex[k.POS]
		idf[id] = float32(math.NaN())
		if v, ok := src.IDF[k.Word]; ok {
			idf[id] = float32(v)
		}
	}

	numCodes := len(codes) + 1 // code 0: unknown rune
	emit := make([]float64, NumStates*numCodes)
	for i := range emit {
		emit[i] = MinLogProb
	}
	for s := range NumStates {
		for r, p := range src.Emit[s] {
			emit[s*numCodes+int(codes[r])] = p
		}
	}
	pages, blocks := runeTables(codes)

	var w writer
	w.header(len(keys), numCodes, len(trie.base), logTotal, medianIDF(src.IDF), src)
	w.section(secPages, u16bytes(pages))
	w.section(secBlocks, u16bytes(blocks))
	w.section(secNodes, nodeBytes(trie, logp))
	w.section(secValue, i32bytes(trie.value))
	w.section(secLogP, f64bytes(logp))
	w.section(secPOS, pos)
	w.section(secIDF, f32bytes(idf))
	w.section(secPOSNames, joinNames(posNames))
	w.section(secEmit, f64bytes(emit))
	return w.finish(), nil
}

// mergeWords applies later-wins to src.Words, adds IDF-only words as keys,
// and sums the frequencies (jieba's total) of the words kept.
func mergeWords(src *Source) ([]Entry, int64, error) {
	index := map[string]int{}
	var keys []Entry
	for _, e := range src.Words {
		if e.Word == "" || !utf8.ValidString(e.Word) {
			return nil, 0, fmt.Errorf("dictionary word %q: empty or not UTF-8", e.Word)
		}
		if e.Freq < 0 {
			return nil, 0, fmt.Errorf("dictionary word %q: negative frequency %d", e.Word, e.Freq)
		}
		if i, ok := index[e.Word]; ok {
			keys[i] = e
			continue
		}
		index[e.Word] = len(keys)
		keys = append(keys, e)
	}
	idfWords := make([]string, 0)
	for w := range src.IDF {
		if _, ok := index[w]; !ok && w != "" && utf8.ValidString(w) {
			idfWords = append(idfWords, w)
		}
	}
	slices.Sort(idfWords) // deterministic output
	for _, w := range idfWords {
		keys = append(keys, Entry{Word: w})
	}
	var total int64
	for _, k := range keys {
		total += k.Freq
	}
	if total <= 0 {
		return nil, 0, fmt.Errorf("dictionary has no word with a frequency")
	}
	return keys, total, nil
}

// assignCodes numbers every rune of the keys and HMM tables densely from 1,
// the most frequent first, so that the trie's busy nodes pack tightly.
func assignCodes(keys []Entry, emit [NumStates]map[rune]float64) (map[rune]int32, error) {
	count := map[rune]int{}
	for _, k := range keys {
		for _, r := range k.Word {
			count[r]++
		}
	}
	for _, m := range emit {
		for r := range m {
			if _, ok := count[r]; !ok {
				count[r] = 0
			}
		}
	}
	runes := make([]rune, 0, len(count))
	for r := range count {
		runes = append(runes, r)
	}
	slices.SortFunc(runes, func(a, b rune) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(runes) >= math.MaxUint16 {
		return nil, fmt.Errorf("dictionary uses %d distinct characters; the format holds %d", len(runes), math.MaxUint16-1)
	}
	codes := make(map[rune]int32, len(runes))
	for i, r := range runes {
		codes[r] = int32(i + 1)
	}
	return codes, nil
}

func encode(word string, codes map[rune]int32) []int32 {
	out := make([]int32, 0, len(word))
	for _, r := range word {
		out = append(out, codes[r])
	}
	return out
}

// runeTables is the two-level rune → code map: a page per 256 runes that
// any key uses, and the page table pointing at them.
func runeTables(codes map[rune]int32) (pages []uint16, blocks []uint16) {
	pages = make([]uint16, numPages)
	runes := make([]rune, 0, len(codes))
	for r := range codes {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	for _, r := range runes {
		p := r >> 8
		if pages[p] == 0 {
			blocks = append(blocks, make([]uint16, 256)...)
			pages[p] = uint16(len(blocks) / 256)
		}
		blocks[int(pages[p]-1)*256+int(r&0xff)] = uint16(codes[r])
	}
	return pages, blocks
}

// posTable numbers the POS tags; "" (no tag) is always 0.
func posTable(keys []Entry) ([]string, map[string]uint8) {
	set := map[string]bool{"": true}
	for _, k := range keys {
		set[k.POS] = true
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	slices.Sort(names)
	index := make(map[string]uint8, len(names))
	for i, n := range names {
		index[n] = uint8(i)
	}
	return names, index
}

// medianIDF is jieba's default IDF for words the table lacks: the middle
// value of the sorted table.
func medianIDF(idf map[string]float64) float64 {
	if len(idf) == 0 {
		return 0
	}
	vals := make([]float64, 0, len(idf))
	for _, v := range idf {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	return vals[len(vals)/2]
}
